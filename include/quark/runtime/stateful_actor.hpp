#pragma once
/// @file
/// `quark::stateful_actor<Self, State>`: an actor whose `State` is persisted in the silo's
/// `state_store`, encoded as JSON by the codec, with an optimistic version.

#include <quark/codec/json.hpp>
#include <quark/runtime/actor.hpp>
#include <quark/runtime/state_store.hpp>

#include <string>

namespace quark {

/// Base of an actor with persistent state. `State` must be encodable by the codec
/// (declared with `BOOST_DESCRIBE_STRUCT`) and default-constructible.
///
/// - Before `on_activate`, the stored state is loaded (a default `State` when none is
///   stored). A stored payload that does not decode fails the activation with a
///   `codec_error` naming the type and key; the stored row is left untouched.
/// - `co_await save_state()` writes the state with the version it was read at; if another
///   writer moved the version on, it throws `quark::version_conflict` and keeps nothing.
/// - Non-const `state()` marks the state dirty; unsaved dirty state is written when the
///   activation deactivates (idle collection, eviction, silo shutdown).
///
/// @code
/// struct cart_state { std::vector<std::string> items; };
/// BOOST_DESCRIBE_STRUCT(cart_state, (), (items))
/// class cart : public quark::stateful_actor<cart, cart_state> {
///  public:
///   quark::task<void> add(std::string sku) {
///     state().items.push_back(std::move(sku));
///     co_await save_state();
///   }
/// };
/// QUARK_ACTOR(cart, "shop.cart", add)
/// @endcode
template <class Self, class State>
class stateful_actor : public actor<Self> {
 public:
  /// The state, marked dirty (call from the actor's turns only).
  State& state() noexcept {
    dirty_ = true;
    return state_;
  }
  /// The state, read-only.
  [[nodiscard]] const State& state() const noexcept { return state_; }
  /// Version of the stored state this activation last read or wrote (0: nothing stored).
  [[nodiscard]] state_version version() const noexcept { return version_; }

  /// Persists the state. @throws quark::version_conflict, quark::storage_error,
  /// quark::timeout_error, quark::codec_error.
  task<void> save_state() {
    std::string data = codec::to_json(state_);
    version_ = co_await this->store().write(std::string{this->type_name()}, this->key(), std::move(data), version_,
                                            this->storage_deadline());
    dirty_ = false;
  }

  /// Deletes the stored state and resets it to `State{}`.
  task<void> clear_state() {
    co_await this->store().clear(std::string{this->type_name()}, this->key(), version_, this->storage_deadline());
    state_ = State{};
    version_ = 0;
    dirty_ = false;
  }

 private:
  task<void> load_state() override {
    auto stored = co_await this->store().read(std::string{this->type_name()}, this->key(), this->storage_deadline());
    if (stored) {
      try {
        state_ = codec::from_json<State>(stored->data);
      } catch (const exception& e) {
        throw codec_error(errc::codec, "stored state does not decode: " + e.value().message,
                          std::string{this->type_name()} + "/" + this->key());
      }
      version_ = stored->version;
    }
    dirty_ = false;
  }

  task<void> flush_state() override {
    if (dirty_) co_await save_state();
  }

  State state_{};
  state_version version_ = 0;
  bool dirty_ = false;
};

}  // namespace quark
