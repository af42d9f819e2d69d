# What `cmake --install` puts where: under the prefix /usr, the layout of
# Debian's coturn package (programs in /usr/bin, the config in /etc, the
# systemd units in /lib/systemd/system, man pages and data in /usr/share);
# under any other prefix, the same shape inside it (<prefix>/etc,
# <prefix>/lib/systemd/system, which systemd also reads for /usr/local).
# Man pages: man/CMakeLists.txt. The .deb: cmake/Package.cmake.
install(TARGETS turnserver turnsignal turnadmin turnctl turnutils_natdiscovery turnutils_rfc5769check
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# share/turnrelay: the web client turnsignal serves (it finds it from its
# own place, signaling/CMakeLists.txt) and the user database's schema, as
# coturn installs schema.sql.
install(DIRECTORY web/ DESTINATION ${TURN_DATA_DIR}/web)
install(FILES ${PROJECT_BINARY_DIR}/tools/docgen/schema.sql DESTINATION ${TURN_DATA_DIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

# The config samples and the units: cmake/InstallOutsidePrefix.cmake, run
# when installing.
install(CODE "set(TURN_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
set(TURN_UNITS_DIR \"${PROJECT_BINARY_DIR}/units\")
set(TURN_BINDIR \"${CMAKE_INSTALL_BINDIR}\")")
install(SCRIPT cmake/InstallOutsidePrefix.cmake)
