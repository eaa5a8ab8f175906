#pragma once
/// @file
/// The codec area in one include: described types ⇄ JSON / compact binary, the
/// `codec_traits` customization point, and the type registry (`QUARK_CODEC_TYPE`).
/// User guide: docs/codec.md; decision record: docs/adr/0004-codec.md.

#include <quark/codec/binary.hpp>
#include <quark/codec/binary_io.hpp>
#include <quark/codec/json.hpp>
#include <quark/codec/path.hpp>
#include <quark/codec/registry.hpp>
#include <quark/codec/traits.hpp>
