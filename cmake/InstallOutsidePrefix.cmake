# Run by `cmake --install` (cmake/Install.cmake): the config samples and the
# systemd units, which go outside the prefix /usr (to /etc and
# /lib/systemd/system, as Debian has them) and inside any other prefix.
# Decided when installing, not when configuring: cpack installs a build
# configured for /usr/local with the prefix /usr (into a staging DESTDIR).
# file(INSTALL) adds $DESTDIR itself.
#
# TURN_SOURCE_DIR, TURN_UNITS_DIR (scratch space) and TURN_BINDIR come from
# cmake/Install.cmake.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_root "")
else()
  set(_root "${CMAKE_INSTALL_PREFIX}")
endif()

file(INSTALL DESTINATION "${_root}/etc" TYPE FILE
     FILES "${TURN_SOURCE_DIR}/etc/turnserver.conf" "${TURN_SOURCE_DIR}/etc/turnserver.yaml")

# Every unit in etc/. They name /usr/bin/<program> and /etc/turnserver.conf;
# under another prefix, the installed ones instead.
file(GLOB _units "${TURN_SOURCE_DIR}/etc/*.service")
foreach(_unit ${_units})
  file(READ "${_unit}" _text)
  string(REPLACE "=/usr/bin/" "=${CMAKE_INSTALL_PREFIX}/${TURN_BINDIR}/" _text "${_text}")
  string(REPLACE " /etc/turnserver.conf" " ${_root}/etc/turnserver.conf" _text "${_text}")
  get_filename_component(_name "${_unit}" NAME)
  file(WRITE "${TURN_UNITS_DIR}/${_name}" "${_text}")
  file(INSTALL DESTINATION "${_root}/lib/systemd/system" TYPE FILE FILES "${TURN_UNITS_DIR}/${_name}")
endforeach()
