# Included by CTest after the discovered tests: restarting the server breaks every other
# test's connections, so that test runs alone.
set_tests_properties(pool_test.server_restart_under_a_pool_never_hangs PROPERTIES RUN_SERIAL TRUE)
