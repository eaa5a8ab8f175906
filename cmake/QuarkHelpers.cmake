# quark_test(<name> SOURCES ... [LIBS ...] [LABELS ...])
# One GoogleTest binary; every TEST in it becomes a CTest test carrying LABELS (set on the
# directory, so binaries sharing a directory share their labels).
function(quark_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} quark::testing GTest::gmock GTest::gtest_main quark_warnings)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES TIMEOUT 300)
  # Labels go on the directory: gtest_discover_tests splits a list-valued LABELS property
  # and keeps only its first item. Hence one test directory per label set.
  set_property(DIRECTORY APPEND PROPERTY LABELS ${ARG_LABELS})
endfunction()
