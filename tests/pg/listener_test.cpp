#include "pg_test.hpp"

#include <quark/postgres/error.hpp>
#include <quark/postgres/listener.hpp>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>

namespace quark::postgres::test {
namespace {

using namespace std::chrono_literals;

class listener_test : public pg_test {
 protected:
  void SetUp() override {
    pg_test::SetUp();
    if (HasFatalFailure()) return;
    std::random_device rd;
    channel_ = "Events_" + std::to_string(rd() % 1'000'000'000u);  // mixed case: names are exact
  }
  std::unique_ptr<listener> open(listener_options options = {}) {
    if (options.conninfo.empty()) options.conninfo = url_;
    return run(listener::open(ctx_, std::move(options), deadline::after(10s)));
  }
  /// Sends NOTIFY through `sender` (pg_notify: the channel is a value, not SQL).
  void notify(connection& sender, const std::string& channel, const std::string& payload) {
    run(sender.query("SELECT pg_notify($1, $2)", {channel, payload}, deadline::after(5s)));
  }

  std::string channel_;
};

TEST_F(listener_test, notify_from_another_connection_arrives) {
  auto l = open();
  run(l->listen(channel_, deadline::after(5s)));
  EXPECT_EQ(l->channels(), std::vector<std::string>{channel_});
  auto sender = connect();
  int sender_pid = run(sender->query("SELECT pg_backend_pid()")).get<int>(0, 0);
  notify(*sender, channel_, "hello");
  notification n = run(l->next(deadline::after(5s)));
  EXPECT_EQ(n.channel, channel_);
  EXPECT_EQ(n.payload, "hello");
  EXPECT_EQ(n.sender_pid, sender_pid);
  EXPECT_NE(l->backend_pid(), sender_pid);
}

TEST_F(listener_test, several_arrive_in_order_and_only_from_listened_channels) {
  auto l = open();
  run(l->listen(channel_, deadline::after(5s)));
  run(l->listen(channel_, deadline::after(5s)));  // twice is a no-op
  EXPECT_EQ(l->channels().size(), 1u);
  auto sender = connect();
  notify(*sender, channel_ + "_other", "not for us");
  for (int i = 0; i < 20; ++i) notify(*sender, channel_, "n" + std::to_string(i));
  notify(*sender, channel_.substr(0, 1) == "E" ? "e" + channel_.substr(1) : channel_, "case differs");
  for (int i = 0; i < 20; ++i) {
    notification n = run(l->next(deadline::after(5s)));
    EXPECT_EQ(n.payload, "n" + std::to_string(i));
  }
  EXPECT_THROW(run(l->next(deadline::after(200ms))), timeout_error);
}

TEST_F(listener_test, deadline_without_notification_times_out_and_stays_usable) {
  auto l = open();
  run(l->listen(channel_, deadline::after(5s)));
  auto start = clock::now();
  try {
    run(l->next(deadline::after(150ms)));
    FAIL() << "expected a timeout";
  } catch (const timeout_error& e) {
    EXPECT_EQ(e.code(), errc::timeout);
    EXPECT_NE(std::string{e.what()}.find(channel_), std::string::npos) << e.what();
  }
  EXPECT_GE(clock::now() - start, 140ms);
  EXPECT_LT(clock::now() - start, 5s);
  auto sender = connect();
  notify(*sender, channel_, "after the timeout");
  EXPECT_EQ(run(l->next(deadline::after(5s))).payload, "after the timeout");
  EXPECT_EQ(l->reconnections(), 0u);
}

TEST_F(listener_test, unlisten_stops_delivery) {
  auto l = open();
  run(l->listen(channel_, deadline::after(5s)));
  run(l->unlisten(channel_, deadline::after(5s)));
  run(l->unlisten("never-listened", deadline::after(5s)));
  EXPECT_TRUE(l->channels().empty());
  auto sender = connect();
  notify(*sender, channel_, "unheard");
  EXPECT_THROW(run(l->next(deadline::after(200ms))), timeout_error);
}

TEST_F(listener_test, terminated_backend_reconnects_and_listens_again) {
  auto l = open();
  run(l->listen(channel_, deadline::after(5s)));
  run(l->listen(channel_ + "_b", deadline::after(5s)));
  auto admin = connect();
  int old_pid = l->backend_pid();
  EXPECT_TRUE(run(admin->query("SELECT pg_terminate_backend($1)", {old_pid})).get<bool>(0, 0));
  // The loss is noticed by the next wait, which reconnects, re-LISTENs and keeps waiting.
  EXPECT_THROW(run(l->next(deadline::after(1s))), timeout_error);
  EXPECT_EQ(l->reconnections(), 1u);
  EXPECT_NE(l->backend_pid(), old_pid);
  notify(*admin, channel_ + "_b", "second channel");
  notify(*admin, channel_, "first channel");
  EXPECT_EQ(run(l->next(deadline::after(5s))).payload, "second channel");
  EXPECT_EQ(run(l->next(deadline::after(5s))).payload, "first channel");
}

TEST_F(listener_test, listen_on_a_dead_connection_reconnects_with_every_channel) {
  auto l = open();
  run(l->listen(channel_, deadline::after(5s)));
  auto admin = connect();
  // Waits (up to 5 s) until the backend has exited, so the LISTEN below meets a dead session.
  EXPECT_TRUE(run(admin->query("SELECT pg_terminate_backend($1, 5000)", {l->backend_pid()})).get<bool>(0, 0));
  run(l->listen(channel_ + "_new", deadline::after(5s)));
  EXPECT_EQ(l->reconnections(), 1u);
  EXPECT_EQ(l->channels(), (std::vector<std::string>{channel_, channel_ + "_new"}));
  notify(*admin, channel_, "old");
  notify(*admin, channel_ + "_new", "new");
  EXPECT_EQ(run(l->next(deadline::after(5s))).payload, "old");
  EXPECT_EQ(run(l->next(deadline::after(5s))).payload, "new");
}

TEST_F(listener_test, reconnect_that_cannot_succeed_fails_clearly) {
  std::random_device rd;
  std::string role = "t_listener_" + std::to_string(rd() % 1'000'000'000u);
  auto admin = connect();
  run(admin->execute_script("CREATE ROLE " + role + " LOGIN"));
  std::string role_url = url_;
  role_url.replace(role_url.find("quark@"), 5, role);
  {
    auto l = open({.conninfo = role_url, .reconnect_timeout = 300ms});
    run(l->listen(channel_, deadline::after(5s)));
    run(admin->execute_script("ALTER ROLE " + role + " NOLOGIN"));
    run(admin->query("SELECT pg_terminate_backend($1)", {l->backend_pid()}));
    auto start = clock::now();
    try {
      run(l->next(deadline::after(10s)));
      FAIL() << "expected a connection_error";
    } catch (const connection_error& e) {
      std::string what = e.what();
      EXPECT_NE(what.find("could not reconnect"), std::string::npos) << what;
      EXPECT_NE(what.find("not permitted to log in"), std::string::npos) << what;
    }
    EXPECT_LT(clock::now() - start, 5s);
    // Allowed again: the next call reconnects.
    run(admin->execute_script("ALTER ROLE " + role + " LOGIN"));
    EXPECT_THROW(run(l->next(deadline::after(300ms))), timeout_error);
    EXPECT_EQ(l->reconnections(), 1u);
  }
  run(admin->execute_script("DROP ROLE " + role));
}

TEST_F(listener_test, server_restart_reconnects_and_listens_again) {
  std::string services = env("QUARK_SERVICES");
  ASSERT_FALSE(services.empty()) << "QUARK_SERVICES is not set: run the tests through scripts/test";
  auto l = open();
  run(l->listen(channel_, deadline::after(5s)));
  ASSERT_EQ(std::system(("\"" + services + "\" restart postgres").c_str()), 0);
  EXPECT_THROW(run(l->next(deadline::after(3s))), timeout_error);
  EXPECT_EQ(l->reconnections(), 1u);
  auto sender = connect();
  notify(*sender, channel_, "after restart");
  EXPECT_EQ(run(l->next(deadline::after(5s))).payload, "after restart");
}

}  // namespace
}  // namespace quark::postgres::test
