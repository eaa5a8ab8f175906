#include <quark/redis/reply_parser.hpp>

#include <quark/redis/error.hpp>

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

#include <memory>
#include <new>

namespace quark::redis {

namespace {

struct reply_deleter {
  void operator()(redisReply* r) const noexcept { freeReplyObject(r); }
};

reply convert(const redisReply& r) {
  switch (r.type) {
    case REDIS_REPLY_INTEGER: return reply::integer(r.integer);
    case REDIS_REPLY_STRING: return reply::string(std::string(r.str, r.len));
    case REDIS_REPLY_STATUS: return reply::status(std::string(r.str, r.len));
    case REDIS_REPLY_ERROR: return reply::error(std::string(r.str, r.len));
    case REDIS_REPLY_ARRAY: {
      std::vector<reply> elements;
      elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i) elements.push_back(convert(*r.element[i]));
      return reply::array(std::move(elements));
    }
    default: return reply::nil();
  }
}

}  // namespace

reply_parser::reply_parser() : reader_(redisReaderCreate()) {
  if (reader_ == nullptr) throw std::bad_alloc();
}

reply_parser::~reply_parser() { redisReaderFree(reader_); }

void reply_parser::feed(std::string_view bytes) {
  if (reader_->err != 0 || redisReaderFeed(reader_, bytes.data(), bytes.size()) != REDIS_OK) {
    throw protocol_error(errc::storage, std::string("malformed redis reply: ") + reader_->errstr, "redis reply parser");
  }
}

std::optional<reply> reply_parser::next() {
  void* raw = nullptr;
  if (reader_->err != 0 || redisReaderGetReply(reader_, &raw) != REDIS_OK) {
    throw protocol_error(errc::storage, std::string("malformed redis reply: ") + reader_->errstr, "redis reply parser");
  }
  if (raw == nullptr) return std::nullopt;
  std::unique_ptr<redisReply, reply_deleter> owned(static_cast<redisReply*>(raw));
  return convert(*owned);
}

}  // namespace quark::redis
