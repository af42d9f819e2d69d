# The Debian package: `cpack -G DEB` in a build directory makes
# turnrelay_<version>_<arch>.deb from the install rules (cmake/Install.cmake,
# man/CMakeLists.txt) with the prefix /usr: the programs in /usr/bin, the
# config samples in /etc (conffiles), the units in /lib/systemd/system, man
# pages, the web client and the schema in /usr/share. Binaries are stripped;
# the dependencies come from dpkg-shlibdeps.
set(TURN_PACKAGE_MAINTAINER "turnrelay maintainers <turnrelay@localhost>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${PROJECT_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${TURN_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "STUN/TURN relay server, compatible with coturn")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "A STUN/TURN relay (RFC 8656, RFC 5766, RFC 6062, RFC 5780) over UDP, TCP,\n"
       "TLS and DTLS that reads coturn's configuration, flags and SQLite user\n"
       "database. With turnadmin, turnctl (the admin socket), Prometheus metrics,\n"
       "and turnsignal, a room service with a web client for browser calls\n"
       "through the relay.")
# Absolute places (/etc, /lib/systemd/system) are decided at install time
# from the prefix (cmake/InstallOutsidePrefix.cmake): cpack must install with
# the prefix /usr itself and put the staging root in DESTDIR.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The same programs and /etc/turnserver.conf as coturn's package.
set(CPACK_DEBIAN_PACKAGE_CONFLICTS coturn)
# postinst makes the service user with adduser.
set(CPACK_DEBIAN_PACKAGE_DEPENDS adduser)
find_program(TURN_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(TURN_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "dpkg-shlibdeps not found (dpkg-dev): the .deb names Debian 12's library packages")
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libc6, libstdc++6, libgcc-s1, libssl3, libsqlite3-0, libyaml-cpp0.7,"
         " liburing2, libevent-core-2.1-7, libevent-openssl-2.1-7, libevent-pthreads-2.1-7")
endif()

set(_conffiles ${PROJECT_BINARY_DIR}/deb/conffiles)
file(WRITE ${_conffiles} "/etc/turnserver.conf\n/etc/turnserver.yaml\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${_conffiles};${PROJECT_SOURCE_DIR}/cmake/deb/postinst")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
