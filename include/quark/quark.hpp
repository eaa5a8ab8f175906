#pragma once
/// @file
/// Umbrella header: everything an application needs to define and call actors.

#include <quark/async/task.hpp>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <quark/base/error.hpp>
#include <quark/base/result.hpp>
#include <quark/runtime/actor.hpp>
#include <quark/runtime/actor_ref.hpp>
#include <quark/runtime/declare.hpp>
#include <quark/runtime/silo.hpp>
#include <quark/runtime/state_store.hpp>
#include <quark/runtime/actor_ref_codec.hpp>
#include <quark/runtime/stateful_actor.hpp>
#include <quark/journal/event_sourced_actor.hpp>
#include <quark/async/when_all.hpp>
