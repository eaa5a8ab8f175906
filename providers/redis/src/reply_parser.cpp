#include <quark/redis/reply_parser.hpp>

#include <quark/redis/error.hpp>

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace quark::redis {

namespace detail {

/// hiredis's reply-object callbacks: hiredis parses, these build `reply` values in place (no
/// `redisReply` to copy from and free). A top-level reply is built in the parser's `root_`
/// (reached through the reader's privdata), an element in its parent's element vector, which
/// hiredis sized when it created the array. hiredis only ever frees a top-level reply.
struct reply_builder {
  static reply& slot(const redisReadTask* task) {
    if (task->parent == nullptr) return static_cast<reply_parser*>(task->privdata)->root_;
    return static_cast<reply*>(task->parent->obj)->elements_[static_cast<std::size_t>(task->idx)];
  }

  // An exception must not cross hiredis's C frames: it is kept, and next() rethrows it.
  template <class Build>
  static void* build(const redisReadTask* task, Build&& make) noexcept {
    reply& r = slot(task);
    try {
      make(r);
      return &r;
    } catch (...) {
      reply_parser* parser = parser_of(task);
      if (!parser->failure_) parser->failure_ = std::current_exception();
      return nullptr;  // hiredis reports "Out of memory"
    }
  }

  static reply_parser* parser_of(const redisReadTask* task) { return static_cast<reply_parser*>(task->privdata); }

  // A slot may hold what a moved-from reply left: every field is set, not only the new one.
  static void reset(reply& r, reply_type type) noexcept {
    r.type_ = type;
    r.integer_ = 0;
    r.text_.clear();
    r.elements_.clear();
  }

  static void* create_string(const redisReadTask* task, char* str, std::size_t len) {
    return build(task, [&](reply& r) {
      reset(r, task->type == REDIS_REPLY_ERROR    ? reply_type::error
               : task->type == REDIS_REPLY_STATUS ? reply_type::status
                                                  : reply_type::string);
      r.text_.assign(str, len);
    });
  }
  static void* create_array(const redisReadTask* task, int elements) {
    return build(task, [&](reply& r) {
      reset(r, reply_type::array);
      r.elements_.resize(static_cast<std::size_t>(elements));
    });
  }
  static void* create_integer(const redisReadTask* task, long long value) {
    return build(task, [&](reply& r) {
      reset(r, reply_type::integer);
      r.integer_ = value;
    });
  }
  static void* create_nil(const redisReadTask* task) {
    return build(task, [](reply& r) { reset(r, reply_type::nil); });
  }
  static void free_object(void* obj) { *static_cast<reply*>(obj) = reply{}; }
};

}  // namespace detail

namespace {

redisReplyObjectFunctions reply_functions{
    detail::reply_builder::create_string, detail::reply_builder::create_array,
    detail::reply_builder::create_integer, detail::reply_builder::create_nil,
    detail::reply_builder::free_object,
};

[[noreturn]] void throw_malformed(const redisReader& reader) {
  throw protocol_error(errc::storage, std::string("malformed redis reply: ") + reader.errstr, "redis reply parser");
}

}  // namespace

reply_parser::reply_parser() : reader_(redisReaderCreateWithFunctions(&reply_functions)) {
  if (reader_ == nullptr) throw std::bad_alloc();
  reader_->privdata = this;
}

reply_parser::~reply_parser() { redisReaderFree(reader_); }

void reply_parser::feed(std::string_view bytes) {
  if (reader_->err != 0 || redisReaderFeed(reader_, bytes.data(), bytes.size()) != REDIS_OK) throw_malformed(*reader_);
}

std::optional<reply> reply_parser::next() {
  std::optional<reply> out{std::in_place};
  if (!next(*out)) out.reset();
  return out;
}

bool reply_parser::next(reply& out) {
  void* raw = nullptr;
  if (reader_->err != 0 || redisReaderGetReply(reader_, &raw) != REDIS_OK) {
    if (failure_) std::rethrow_exception(failure_);
    throw_malformed(*reader_);
  }
  if (raw == nullptr) return false;
  out = std::move(root_);  // what this leaves in root_ is overwritten by the next reply's builder
  return true;
}

}  // namespace quark::redis
