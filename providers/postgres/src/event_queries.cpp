// The PostgreSQL event store's statements. An append is one prepared statement; only when it
// inserted nothing (or hit a unique key) does a second query find out why.

#include "event_queries.hpp"

#include "event_rows.hpp"
#include "event_sql.hpp"

#include <quark/async/use_task.hpp>
#include <quark/postgres/error.hpp>
#include <quark/postgres/event_store.hpp>

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <utility>

namespace quark::postgres::event_queries {
namespace {

using namespace std::chrono_literals;
using event_sql::statement_def;

constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

// Appends with `any` retry this often after losing the (stream, version) race.
constexpr int any_attempts = 100;
// Other appends re-check this often when what they saw changed under them.
constexpr int recheck_attempts = 3;

std::int64_t clamp64(std::uint64_t v) { return static_cast<std::int64_t>(std::min(v, int64_max)); }

task<result> exec(std::shared_ptr<pool> db, const statement_def& s, params args, deadline until) {
  auto get = db->acquire(until);
  pooled_connection c = co_await get;
  if (!c->is_prepared(s.name)) {
    auto p = c->prepare(s.name, std::string{s.sql}, until);
    co_await p;
  }
  auto e = c->execute(s.name, std::move(args), until);
  co_return co_await e;
}

int kind_of(expected_version e) {
  switch (e.what()) {
    case expected_version::kind::any: return 0;
    case expected_version::kind::no_stream: return 1;
    case expected_version::kind::stream_exists: return 2;
    case expected_version::kind::exact: return 3;
  }
  return 3;
}

/// What the inspect query found: the batch's ids where they are stored, the last event.
struct inspection {
  struct stored {
    std::string stream;
    stream_version version = 0;
    event_position position;
  };
  std::map<std::string, stored> ids;  // by id text
  stream_version version = 0;
  bool deleted = false;
};

task<inspection> inspect(std::shared_ptr<pool> db, std::string stream, std::string ids, deadline until) {
  auto q = exec(db, event_sql::inspect, {stream, ids}, until);
  result r = co_await q;
  inspection out;
  for (int row = 0; row < r.rows(); ++row) {
    if (r.get<int>(row, 0) == 0) {
      out.ids[r.get<std::string>(row, 1)] = {r.get<std::string>(row, 2), r.get<stream_version>(row, 3),
                                            {r.get<std::uint64_t>(row, 4), r.get<std::uint64_t>(row, 5)}};
    } else {
      out.version = r.get<stream_version>(row, 3);
      out.deleted = r.get<std::string_view>(row, 1) == tombstone_type;
    }
  }
  co_return out;
}

/// The original result when the batch's ids are stored as exactly this batch of `stream`;
/// nullopt when none is stored. @throws config_error when some are stored otherwise.
std::optional<append_result> original_of(const inspection& found, const std::string& stream,
                                         const std::vector<event_data>& events) {
  if (found.ids.empty()) return std::nullopt;
  append_result original;
  stream_version first = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string id = events[i].id.to_string();
    auto it = found.ids.find(id);
    if (it != found.ids.end() && i == 0) first = it->second.version;
    if (it == found.ids.end() || it->second.stream != stream || it->second.version != first + i) {
      event_errors::throw_ids_elsewhere(stream, "event " + id);
    }
    original.positions.push_back(it->second.position);
    original.version = it->second.version;
  }
  return original;
}

enum class outcome { inserted, refused, version_taken, id_taken };

}  // namespace

std::span<const migration> migrations() noexcept { return event_sql::steps; }

task<append_result> append(std::shared_ptr<pool> db, std::string stream, std::vector<event_data> events,
                           expected_version expected, deadline until) {
  // One event at an exact version (below the largest bigint, which has no successor): the
  // plain INSERT; anything else the general statement with the batch as arrays.
  const bool one = events.size() == 1 && expected.version() < int64_max &&
                   (expected.what() == expected_version::kind::exact ||
                    expected.what() == expected_version::kind::no_stream);
  const statement_def& statement = one ? event_sql::append_one : event_sql::append;
  std::optional<event_rows::encoded_batch> batch;
  if (!one) batch = event_rows::encode(events);
  const params args =
      one ? params{stream, clamp64(expected.version()), events[0].id.to_string(), events[0].type,
                   events[0].schema_version, events[0].payload, event_rows::encode_metadata(events[0].metadata)}
          : params{stream,         kind_of(expected), clamp64(expected.version()), batch->ids, batch->types,
                   batch->schema_versions, batch->payloads, batch->metadata};
  for (int attempt = 1;; ++attempt) {
    outcome what = outcome::inserted;
    result r;
    std::string bad_json;
    try {
      auto q = exec(db, statement, args, until);
      r = co_await q;
      // Refused: no row from append_one, one row without a position from append.
      if (r.rows() == 0 || r.is_null(0, 1)) what = outcome::refused;
    } catch (const unique_violation& e) {
      if (e.constraint() == event_sql::id_key) {
        what = outcome::id_taken;
      } else if (e.constraint() == event_sql::version_key || e.constraint() == event_sql::tombstone_key) {
        what = outcome::version_taken;
      } else {
        throw;
      }
    } catch (const pg_error& e) {
      if (e.sqlstate() != "22P02" && e.sqlstate() != "22P05") throw;
      bad_json = e.what();
    }
    if (!bad_json.empty()) {
      throw config_error(errc::invalid_argument, "an event's payload is not JSON PostgreSQL accepts: " + bad_json,
                         stream);
    }
    if (what == outcome::inserted) {
      append_result out;
      out.positions.reserve(events.size());
      for (int row = 0; row < r.rows(); ++row) {
        out.positions.push_back({r.get<std::uint64_t>(row, 1), r.get<std::uint64_t>(row, 2)});
        out.version = r.get<stream_version>(row, 0);
      }
      co_return out;
    }
    const bool may_follow = expected.what() == expected_version::kind::any ||
                            expected.what() == expected_version::kind::stream_exists;
    if (what == outcome::version_taken && may_follow && attempt < any_attempts) {
      continue;  // another append took the version after we read it: read again
    }
    // Only after a refusal: the batch's ids as an array (encoded here on the one-event path).
    if (!batch) batch = event_rows::encode(events);
    auto look = inspect(db, stream, batch->ids, until);
    const inspection found = co_await look;
    if (auto original = original_of(found, stream, events)) co_return std::move(*original);
    if (found.deleted) event_errors::throw_deleted(stream);
    // What refused it is gone (ids truncated meanwhile; the stream reached the expected
    // version after the statement's snapshot): try again.
    const bool stale = what == outcome::id_taken || (what == outcome::refused && expected.matches(found.version));
    if (stale && attempt < recheck_attempts) continue;
    throw concurrency_error(stream, expected, found.version);
  }
}

task<std::vector<recorded_event>> read(std::shared_ptr<pool> db, std::string stream, stream_version from,
                                       std::size_t max_count, bool backward, deadline until) {
  if (max_count == 0) co_return std::vector<recorded_event>{};
  auto q = exec(db, backward ? event_sql::read_backward : event_sql::read_forward,
                {stream, clamp64(from), clamp64(max_count)}, until);
  result r = co_await q;
  co_return event_rows::decode_all(r);
}

task<std::vector<recorded_event>> read_all(std::shared_ptr<pool> db, event_position after, std::size_t max_count,
                                           std::chrono::milliseconds settle, deadline until) {
  const deadline settle_until = std::min(until, deadline::after(settle));
  std::optional<std::uint64_t> held_back;  // newest commit visible but above the watermark at the first try
  auto pause = 1ms;
  for (;;) {
    auto q = exec(db, event_sql::read_all,
                  {std::to_string(after.commit), clamp64(after.sequence), clamp64(max_count)}, until);
    result r = co_await q;
    std::vector<recorded_event> page = event_rows::decode_all(r, 2);
    const auto watermark = r.get<std::uint64_t>(0, 0);
    const auto newest = r.get<std::optional<std::uint64_t>>(0, 1);
    if (page.size() >= max_count || !newest || *newest < watermark) co_return page;  // nothing held back
    if (!held_back) held_back = *newest;
    if (watermark > *held_back || settle_until.remaining() < pause) co_return page;
    // Events committed after a transaction that is still running: wait for it a little,
    // so that a caller that just appended finds its events.
    boost::asio::steady_timer timer{db->context(), pause};
    auto wait = timer.async_wait(use_task_nothrow);
    co_await wait;
    pause = std::min(pause * 2, std::chrono::milliseconds{50});
  }
}

task<std::optional<stream_info>> stream(std::shared_ptr<pool> db, std::string stream, deadline until) {
  auto q = exec(db, event_sql::stream_info, {stream}, until);
  result r = co_await q;
  if (r.is_null(0, 0)) co_return std::nullopt;
  co_return stream_info{std::move(stream), r.get<stream_version>(0, 0), r.get<stream_version>(0, 1),
                        r.get<bool>(0, 2)};
}

task<std::vector<stream_info>> list_streams(std::shared_ptr<pool> db, std::string after, std::size_t max_count,
                                            deadline until) {
  std::vector<stream_info> out;
  if (max_count == 0) co_return out;
  auto q = exec(db, event_sql::list_streams, {after, clamp64(max_count)}, until);
  result r = co_await q;
  for (int row = 0; row < r.rows(); ++row) {
    out.push_back({r.get<std::string>(row, 0), r.get<stream_version>(row, 1), r.get<stream_version>(row, 2),
                   r.get<bool>(row, 3)});
  }
  co_return out;
}

task<void> truncate_before(std::shared_ptr<pool> db, std::string stream, stream_version before, deadline until) {
  auto q = exec(db, event_sql::truncate, {stream, clamp64(before)}, until);
  co_await q;
}

task<void> save_snapshot(std::shared_ptr<pool> db, std::string stream, snapshot s, deadline until) {
  auto q = exec(db, event_sql::save_snapshot, {stream, clamp64(s.version), s.schema, s.state}, until);
  co_await q;
}

task<std::optional<snapshot>> load_snapshot(std::shared_ptr<pool> db, std::string stream, deadline until) {
  auto q = exec(db, event_sql::load_snapshot, {stream}, until);
  result r = co_await q;
  if (r.rows() == 0) co_return std::nullopt;
  co_return snapshot{r.get<stream_version>(0, 0), r.get<std::string>(0, 1), r.get<std::string>(0, 2)};
}

task<void> save_checkpoint(std::shared_ptr<pool> db, std::string name, event_position position, deadline until) {
  auto q = exec(db, event_sql::save_checkpoint, {name, position.commit, position.sequence}, until);
  co_await q;
}

task<std::optional<event_position>> load_checkpoint(std::shared_ptr<pool> db, std::string name, deadline until) {
  auto q = exec(db, event_sql::load_checkpoint, {name}, until);
  result r = co_await q;
  if (r.rows() == 0) co_return std::nullopt;
  co_return event_position{r.get<std::uint64_t>(0, 0), r.get<std::uint64_t>(0, 1)};
}

task<void> notify(std::shared_ptr<pool> db, deadline until) {
  auto q = exec(db, event_sql::notify, {std::string{event_store_channel}}, until);
  co_await q;
}

}  // namespace quark::postgres::event_queries
