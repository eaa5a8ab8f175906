# Included by CTest after the discovered tests: restarting the server breaks every other
# test's connections, so that test runs alone.
set_tests_properties(pool_test.server_restart_under_a_pool_never_hangs PROPERTIES RUN_SERIAL TRUE)
set_tests_properties(listener_test.server_restart_reconnects_and_listens_again PROPERTIES RUN_SERIAL TRUE)
