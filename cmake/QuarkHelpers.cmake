# quark_test(<name> SOURCES ... [LIBS ...] [LABELS ...])
# One GoogleTest binary; every TEST in it becomes a CTest test carrying LABELS.
function(quark_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} quark::testing GTest::gmock GTest::gtest_main quark_warnings)
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 300)
endfunction()
