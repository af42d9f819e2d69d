# One switch per configuration, so CI can build the same tree twice.
if(TURN_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(${_san})
endif()

if(TURN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TURN_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  # Instrument everything for coverage-guided fuzzing; the fuzz targets add
  # -fsanitize=fuzzer at link time themselves. UBSan's checks recover by
  # default: a report would scroll past and the run still pass, so, as in
  # TURN_SANITIZE, undefined behaviour aborts and libFuzzer keeps the input.
  set(_fuzz -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${_fuzz})
  add_link_options(-fsanitize=address,undefined)
endif()
