# Every dependency comes from a Debian package (see scripts/deps.sh).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBEVENT REQUIRED IMPORTED_TARGET
  libevent_core libevent_pthreads libevent_openssl)
# liburing: the optional io_uring send path (option io-uring).
pkg_check_modules(LIBURING REQUIRED IMPORTED_TARGET liburing)
find_package(OpenSSL 3.0 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Threads REQUIRED)
if(TURN_BUILD_TESTS AND NOT TURN_FUZZ)
  find_package(Catch2 2 REQUIRED)
endif()
