#pragma once
/// @file
/// `quark::event_sourced_actor<Self, State, Events...>`: an actor whose state is a fold over
/// its own event stream in the silo's `event_store` (Orleans' `JournaledGrain`).

#include <quark/codec/json.hpp>
#include <quark/journal/event.hpp>
#include <quark/journal/event_store.hpp>
#include <quark/runtime/actor.hpp>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace quark {

namespace detail {
/// Logs (warning) that a stored snapshot was ignored and why.
void log_ignored_snapshot(std::string_view stream, stream_version version, std::string_view reason);
/// Events read per page while recovering.
inline constexpr std::size_t replay_page = 1024;
}  // namespace detail

/// Base of an event-sourced actor. `State` is default-constructible and encodable (for
/// snapshots); each event type E of `Events...` is declared with `QUARK_EVENT` and has a
/// `static void apply(State&, const E&)` in `Self`.
///
/// - **Stream.** The actor's events live in stream `"<type name>/<key>"` (`stream_name()`).
/// - **Recovery.** Before `on_activate`: the stream's snapshot is loaded (if its schema matches
///   and it decodes; otherwise it is ignored with a warning), then the events after it are
///   replayed through `apply`. An event that does not decode (unknown type, no upcaster,
///   bad payload) fails the activation with a `codec_error` naming stream, version and type.
/// - **Raising.** `co_await raise(e...)` appends the events with the version this activation
///   last saw as the expected version, and applies them only after the append committed.
///   If another writer moved the stream on, the activation reloads from the store and the
///   caller gets `concurrency_error`: nothing is silently lost or applied twice. After a
///   timeout or a storage error (outcome unknown) the activation also reloads.
/// - **Snapshots.** Every `Self::snapshot_every` events (default 100; 0 disables) a snapshot
///   is written in a turn of its own right after the raising call (never delaying the
///   append), and on deactivation if one is due. `Self::state_schema` (default 1) identifies
///   the state's encoding: bump it when `State` changes meaning; a change of `State`'s field
///   names is detected on its own.
///
/// @code
/// class account : public quark::event_sourced_actor<account, balance, deposited, withdrawn> {
///  public:
///   quark::task<void> deposit(std::int64_t c) { co_await raise(deposited{c}); }
///   quark::task<void> withdraw(std::int64_t c) {
///     if (state().cents < c) throw quark::rejected("insufficient funds");
///     co_await raise(withdrawn{c});
///   }
///   static void apply(balance& s, const deposited& e) { s.cents += e.cents; }
///   static void apply(balance& s, const withdrawn& e) { s.cents -= e.cents; }
/// };
/// QUARK_ACTOR(account, "bank.account", deposit, withdraw);
/// @endcode
template <class Self, class State, event_type... Events>
class event_sourced_actor : public actor<Self> {
 public:
  /// The closed set of this actor's events.
  using event_types = event_set<Events...>;

  /// The folded state (read-only: change it by raising events).
  [[nodiscard]] const State& state() const noexcept { return state_; }
  /// Version of the stream this state reflects (0: no event yet).
  [[nodiscard]] stream_version version() const noexcept { return version_; }
  /// The stream this actor's events live in: `"<type name>/<key>"`.
  [[nodiscard]] std::string stream_name() const { return std::string{this->type_name()} + "/" + this->key(); }

  /// Appends `es...` (in one atomic append) and applies them. Call from the actor's turns.
  /// @throws concurrency_error (after reloading), stream_deleted_error, timeout_error,
  ///   storage_error, codec_error.
  template <class... Es>
    requires(sizeof...(Es) > 0 && (event_types::template contains<std::remove_cvref_t<Es>> && ...))
  task<void> raise(Es&&... es) {
    std::vector<event_data> batch;
    batch.reserve(sizeof...(Es));
    (batch.push_back(event_types::encode(es)), ...);
    std::exception_ptr failure;
    bool reload = false;
    try {
      auto append = this->journal()->append(stream_name(), std::move(batch), expected_version::exact(version_),
                                            this->storage_deadline());
      const append_result r = co_await append;
      (Self::apply(state_, es), ...);
      const stream_version before = version_;
      version_ = r.version;
      schedule_snapshot(before);
      co_return;
    } catch (const concurrency_error&) {
      failure = std::current_exception();
      reload = true;
    } catch (const timeout_error&) {
      failure = std::current_exception();
      reload = true;
    } catch (const storage_error&) {
      failure = std::current_exception();
      reload = true;
    } catch (...) {
      failure = std::current_exception();
    }
    if (reload) co_await recover();
    std::rethrow_exception(failure);
  }

  /// Forces a snapshot of the current state now (awaited). Rarely needed: snapshots are
  /// taken every `snapshot_every` events.
  task<void> save_snapshot() {
    if (version_ == 0 || version_ == snapshot_version_) co_return;
    snapshot s{version_, snapshot_schema(), codec::to_json(state_)};
    const stream_version at = version_;
    auto save = this->journal()->save_snapshot(stream_name(), std::move(s), this->storage_deadline());
    co_await save;
    snapshot_version_ = at;
  }

 private:
  static constexpr std::uint64_t every() noexcept {
    if constexpr (requires { Self::snapshot_every; }) {
      return static_cast<std::uint64_t>(Self::snapshot_every);
    } else {
      return 100;
    }
  }

  /// `"<state schema>:<field,names>"`: changes when the state's shape or declared schema does.
  static std::string snapshot_schema() {
    std::string out;
    if constexpr (requires { Self::state_schema; }) {
      out = std::to_string(Self::state_schema);
    } else {
      out = "1";
    }
    out += ":";
    if constexpr (boost::describe::has_describe_members<State>::value) {
      boost::mp11::mp_for_each<boost::describe::describe_members<State, boost::describe::mod_any_access>>(
          [&](auto d) {
            out += d.name;
            out += ',';
          });
    }
    return out;
  }

  void schedule_snapshot(stream_version before) {
    constexpr std::uint64_t n = every();
    if constexpr (n > 0) {
      if (version_ / n != before / n && !snapshot_scheduled_) {
        snapshot_scheduled_ = true;
        this->start_timer(&event_sourced_actor::snapshot_turn, clock::duration::zero());
      }
    }
  }

  task<void> snapshot_turn() {
    snapshot_scheduled_ = false;
    co_await save_snapshot();
  }

  task<void> load_state() override { co_await recover(); }

  task<void> flush_state() override {
    if constexpr (every() > 0) {
      if (version_ / every() != snapshot_version_ / every()) co_await save_snapshot();
    }
  }

  /// State from the snapshot (if usable) plus the events after it.
  task<void> recover() {
    state_ = State{};
    version_ = 0;
    snapshot_version_ = 0;
    const std::string stream = stream_name();
    auto load = this->journal()->load_snapshot(stream, this->storage_deadline());
    std::optional<snapshot> snap = co_await load;
    if (snap) {
      if (snap->schema != snapshot_schema()) {
        detail::log_ignored_snapshot(stream, snap->version, "its schema \"" + snap->schema + "\" is not \"" +
                                                                 snapshot_schema() + "\"");
      } else {
        try {
          state_ = codec::from_json<State>(snap->state);
          version_ = snap->version;
          snapshot_version_ = snap->version;
        } catch (const exception& e) {
          state_ = State{};
          detail::log_ignored_snapshot(stream, snap->version, "it does not decode: " + e.value().describe());
        }
      }
    }
    for (;;) {
      auto read = this->journal()->read(stream, version_ + 1, detail::replay_page, this->storage_deadline());
      const std::vector<recorded_event> page = co_await read;
      for (const recorded_event& e : page) {
        if (e.type == tombstone_type) {
          version_ = e.version;
          continue;
        }
        std::visit([this](const auto& ev) { Self::apply(state_, ev); }, event_types::decode(e));
        version_ = e.version;
      }
      if (page.size() < detail::replay_page) break;
    }
  }

  State state_{};
  stream_version version_ = 0;
  stream_version snapshot_version_ = 0;
  bool snapshot_scheduled_ = false;
};

}  // namespace quark
