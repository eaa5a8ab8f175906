include(CMakePackageConfigHelpers)

install(TARGETS quark_core quark_sqlite quark_postgres quark_redis quark_testing quark_warnings
        EXPORT QuarkTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/quark DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY providers/sqlite/include/quark DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY providers/postgres/include/quark DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY providers/redis/include/quark DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY testing/include/quark DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT QuarkTargets NAMESPACE quark:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Quark)

configure_package_config_file(cmake/QuarkConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/QuarkConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Quark)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/QuarkConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/QuarkConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/QuarkConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Quark)
