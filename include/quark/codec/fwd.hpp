#pragma once
/// @file
/// Forward declarations of the codec area (quark::codec), for headers that only name its
/// types. See docs/codec.md.

namespace quark::codec {

template <class T, class = void>
struct codec_traits;
template <class T>
struct type_name;
class path;
class binary_writer;
class binary_reader;
struct entry;
class registry;

}  // namespace quark::codec
