// In-memory `quark::event_store`: one mutex-protected log, no I/O. Every method finishes
// without suspending, so it never blocks a shard for longer than the map operations.

#include <quark/journal/event_store.hpp>

#include <limits>
#include <map>
#include <mutex>
#include <utility>

namespace quark {
namespace {

using event_errors::check_deadline;

class memory_event_store final : public event_store {
 public:
  task<append_result> append(std::string stream, std::vector<event_data> events, expected_version expected,
                             deadline until) override {
    event_errors::check_batch(stream, events);
    check_deadline(until, "append", stream);
    std::unique_lock lock{mutex_};
    if (auto original = find_original(stream, events)) co_return std::move(*original);
    stream_state& s = streams_[stream];
    const stream_version current = s.seqs.size();
    if (s.deleted) event_errors::throw_deleted(stream);
    if (!expected.matches(current)) {
      if (current == 0) streams_.erase(stream);
      throw concurrency_error(stream, expected, current);
    }
    append_result result = write(stream, s, std::move(events));
    lock.unlock();
    signal_.notify();
    co_return result;
  }

  task<std::vector<recorded_event>> read(std::string stream, stream_version from, std::size_t max_count,
                                         deadline until) override {
    check_deadline(until, "read", stream);
    std::vector<recorded_event> out;
    std::lock_guard lock{mutex_};
    auto it = streams_.find(stream);
    if (it == streams_.end() || it->second.deleted) co_return out;
    const stream_state& s = it->second;
    for (stream_version v = std::max(from, s.first_version); v <= s.seqs.size() && out.size() < max_count; ++v) {
      out.push_back(log_.at(s.seqs[v - 1]));
    }
    co_return out;
  }

  task<std::vector<recorded_event>> read_backward(std::string stream, stream_version from, std::size_t max_count,
                                                  deadline until) override {
    check_deadline(until, "read_backward", stream);
    std::vector<recorded_event> out;
    std::lock_guard lock{mutex_};
    auto it = streams_.find(stream);
    if (it == streams_.end() || it->second.deleted) co_return out;
    const stream_state& s = it->second;
    for (stream_version v = std::min<stream_version>(from, s.seqs.size()); v >= s.first_version && v > 0 &&
                                                                           out.size() < max_count;
         --v) {
      out.push_back(log_.at(s.seqs[v - 1]));
    }
    co_return out;
  }

  task<std::vector<recorded_event>> read_all(event_position after, std::size_t max_count, deadline until) override {
    check_deadline(until, "read_all", "$all");
    std::vector<recorded_event> out;
    std::lock_guard lock{mutex_};
    for (auto it = log_.upper_bound(after.sequence); it != log_.end() && out.size() < max_count; ++it) {
      out.push_back(it->second);
    }
    co_return out;
  }

  task<std::optional<stream_info>> stream(std::string stream, deadline until) override {
    check_deadline(until, "stream", stream);
    std::lock_guard lock{mutex_};
    auto it = streams_.find(stream);
    if (it == streams_.end()) co_return std::nullopt;
    co_return info_of(it->first, it->second);
  }

  task<std::vector<stream_info>> list_streams(std::string after, std::size_t max_count, deadline until) override {
    check_deadline(until, "list_streams", after);
    std::vector<stream_info> out;
    std::lock_guard lock{mutex_};
    for (auto it = streams_.upper_bound(after); it != streams_.end() && out.size() < max_count; ++it) {
      out.push_back(info_of(it->first, it->second));
    }
    co_return out;
  }

  task<stream_version> delete_stream(std::string stream, expected_version expected, deadline until) override {
    event_errors::check_stream_name(stream);
    check_deadline(until, "delete_stream", stream);
    std::unique_lock lock{mutex_};
    auto it = streams_.find(stream);
    const stream_version current = it == streams_.end() ? 0 : it->second.seqs.size();
    if (it != streams_.end() && it->second.deleted) event_errors::throw_deleted(stream);
    if (!expected.matches(current)) throw concurrency_error(stream, expected, current);
    stream_state& s = streams_[stream];
    std::vector<event_data> tombstone(1);
    tombstone[0].id = uuid::generate();
    tombstone[0].type = std::string(tombstone_type);
    tombstone[0].payload = "{}";
    const append_result result = write(stream, s, std::move(tombstone));
    s.deleted = true;
    lock.unlock();
    signal_.notify();
    co_return result.version;
  }

  task<void> truncate_before(std::string stream, stream_version before, deadline until) override {
    check_deadline(until, "truncate_before", stream);
    std::lock_guard lock{mutex_};
    auto it = streams_.find(stream);
    if (it == streams_.end()) co_return;
    stream_state& s = it->second;
    const stream_version keep_from = std::min<stream_version>(before, s.seqs.size());
    for (stream_version v = s.first_version; v < keep_from; ++v) {
      auto found = log_.find(s.seqs[v - 1]);
      ids_.erase(found->second.id);
      log_.erase(found);
    }
    s.first_version = std::max(s.first_version, keep_from);
  }

  task<void> save_snapshot(std::string stream, snapshot s, deadline until) override {
    check_deadline(until, "save_snapshot", stream);
    std::lock_guard lock{mutex_};
    auto [it, inserted] = snapshots_.try_emplace(std::move(stream), s);
    if (!inserted && it->second.version < s.version) it->second = std::move(s);
    co_return;
  }

  task<std::optional<snapshot>> load_snapshot(std::string stream, deadline until) override {
    check_deadline(until, "load_snapshot", stream);
    std::lock_guard lock{mutex_};
    auto it = snapshots_.find(stream);
    if (it == snapshots_.end()) co_return std::nullopt;
    co_return it->second;
  }

  task<std::optional<event_position>> load_checkpoint(std::string name, deadline until) override {
    check_deadline(until, "load_checkpoint", name);
    std::lock_guard lock{mutex_};
    auto it = checkpoints_.find(name);
    if (it == checkpoints_.end()) co_return std::nullopt;
    co_return it->second;
  }

  task<void> save_checkpoint(std::string name, event_position position, deadline until) override {
    check_deadline(until, "save_checkpoint", name);
    std::lock_guard lock{mutex_};
    checkpoints_[std::move(name)] = position;
    co_return;
  }

  append_signal& appended() noexcept override { return signal_; }

 private:
  struct stream_state {
    std::vector<std::uint64_t> seqs;  // sequence of version v at [v - 1]
    stream_version first_version = 1;
    bool deleted = false;
  };

  static stream_info info_of(const std::string& name, const stream_state& s) {
    const stream_version version = s.seqs.size();
    return stream_info{name, version, version == 0 ? 0 : s.first_version, s.deleted};
  }

  // The result of an earlier append of exactly this batch, if its ids are stored; throws if
  // some of them are stored but not as this batch of this stream.
  std::optional<append_result> find_original(const std::string& stream, const std::vector<event_data>& events) const {
    auto first = ids_.find(events.front().id);
    if (first == ids_.end()) {
      for (const event_data& e : events) {
        if (ids_.contains(e.id)) event_errors::throw_ids_elsewhere(stream, "event " + e.id.to_string());
      }
      return std::nullopt;
    }
    append_result original;
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto it = ids_.find(events[i].id);
      if (it == ids_.end() || it->second.first != stream || it->second.second != first->second.second + i) {
        event_errors::throw_ids_elsewhere(stream, "event " + events[i].id.to_string());
      }
      original.positions.push_back(log_.at(streams_.at(stream).seqs[it->second.second - 1]).position);
      original.version = it->second.second;
    }
    return original;
  }

  append_result write(const std::string& stream, stream_state& s, std::vector<event_data> events) {
    append_result result;
    const auto now = std::chrono::system_clock::now();
    for (event_data& e : events) {
      const std::uint64_t seq = ++last_sequence_;
      recorded_event r;
      r.id = e.id;
      r.stream = stream;
      r.version = s.seqs.size() + 1;
      r.position = event_position{seq, seq};
      r.type = std::move(e.type);
      r.schema_version = e.schema_version;
      r.payload = std::move(e.payload);
      r.metadata = std::move(e.metadata);
      r.timestamp = now;
      s.seqs.push_back(seq);
      ids_.emplace(r.id, std::make_pair(stream, r.version));
      result.positions.push_back(r.position);
      result.version = r.version;
      log_.emplace(seq, std::move(r));
    }
    return result;
  }

  mutable std::mutex mutex_;
  std::uint64_t last_sequence_ = 0;
  std::map<std::uint64_t, recorded_event> log_;
  std::map<std::string, stream_state> streams_;
  std::map<uuid, std::pair<std::string, stream_version>> ids_;
  std::map<std::string, snapshot> snapshots_;
  std::map<std::string, event_position> checkpoints_;
  append_signal signal_;
};

}  // namespace

std::shared_ptr<event_store> make_memory_event_store() { return std::make_shared<memory_event_store>(); }

}  // namespace quark
