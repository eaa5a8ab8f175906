// quark::postgres::connection::pipeline: many statements, one sync, one round trip.

#include "connection_impl.hpp"

#include <fmt/format.h>

namespace quark::postgres {

task<std::vector<result>> connection::pipeline(std::vector<statement> batch, deadline until) {
  impl& im = *impl_;
  im.begin("a pipeline");
  busy_guard guard{im};
  if (until.expired()) im.throw_timeout("waiting to send a pipeline");
  std::vector<result> results;
  if (batch.empty()) co_return results;
  if (PQenterPipelineMode(im.conn) == 0) im.throw_lost("entering pipeline mode");
  for (const auto& s : batch) {
    auto values = s.args.value_pointers();
    if (PQsendQueryParams(im.conn, s.sql.c_str(), s.args.size(), nullptr, values.data(), s.args.lengths().data(),
                          s.args.formats().data(), 0) == 0) {
      im.throw_lost("queueing a pipelined statement");
    }
  }
  if (PQpipelineSync(im.conn) == 0) im.throw_lost("sending a pipeline sync");
  co_await im.flush(until, "sending a pipeline");

  results.reserve(batch.size());
  result error;
  std::size_t error_index = 0;
  for (;;) {
    co_await im.await_ready(until, "running a pipeline");
    PGresult* r = PQgetResult(im.conn);
    if (r == nullptr) {
      if (PQstatus(im.conn) == CONNECTION_BAD) im.throw_lost("running a pipeline");
      continue;  // the end of one statement's results
    }
    ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    result current{r};
    if (status == PGRES_FATAL_ERROR && error.native() == nullptr) {
      error_index = results.size();
      error = std::move(current);
      results.emplace_back();
    } else {
      results.push_back(std::move(current));
    }
  }
  if (PQexitPipelineMode(im.conn) == 0) im.throw_lost("leaving pipeline mode");
  if (error.native() != nullptr) {
    throw_result_error(error.native(), im.where,
                       fmt::format("statement {} of {} in a pipeline failed, none took effect: ", error_index,
                                   batch.size()));
  }
  co_return results;
}

}  // namespace quark::postgres
