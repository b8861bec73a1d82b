# Fuzz harnesses (STYLE.md: one per parser, tests/fuzz/<parser>_fuzz.c, with a seed corpus in
# tests/fuzz/corpus/<parser>/). Each harness is a plain LLVMFuzzerTestOneInput() and is built:
#  (a) always, as <h>_fuzz_replay (harness + replay_main.c): every seed plus N deterministic mutants
#      of it, registered as the test fuzz_replay_<h> (runs in build/ and in the ASan+UBSan build);
#  (b) with clang only, as a real libFuzzer target <h>_fuzz against an instrumented copy of the
#      library (not built by default, not a test): see docs/fuzzing.md.
set(_fz ${CMAKE_CURRENT_LIST_DIR})

# harness  mutants-per-seed: each replay test takes about 1-4 s in the ASan+UBSan Debug build (2 cores,
# measured), well under the 10 s budget.
set(DFT_FUZZ_HARNESSES
  adb 40000
  bdb 8000
  biff_formula 50000
  bip39 3000
  buf 40000
  chat_apps 15
  chat_export_telegram 1500
  chat_export_whatsapp 2500
  chat_more 15
  chat_extra 15
  chat_system 3
  chat_telegram 40
  chat_wechat 20
  chat_whatsapp 20
  crypto_scan 3000
  cryptoaddr 12000
  csvread 4000
  devpath 15000
  doc 6000
  electrum 6000
  ethkeystore 5000
  htmltext 1500
  ios_backup 3000
  ios_keychain 15000
  itunes 400
  leveldb 2000
  manifest_db 60
  mbhash 300
  moz_clone 1000
  mrz 20000
  notesdb 10000
  odf 2000
  ole2 10
  ooxml 300
  pdftext 60
  ppt 20000
  roster 1500
  rtf 3000
  scamscript 3000
  sqlcipher 25
  sqlite_recover 40
  textenc 500
  tl 3000
  typedstream 6000
  typer 20000
  ufdr 8000
  wa_crypt 150
  zipcd 8000)

set(_fz_names "")
list(LENGTH DFT_FUZZ_HARNESSES _fz_len)
math(EXPR _fz_last "${_fz_len} - 1")
foreach(_i RANGE 0 ${_fz_last} 2)
  math(EXPR _j "${_i} + 1")
  list(GET DFT_FUZZ_HARNESSES ${_i} _h)
  list(GET DFT_FUZZ_HARNESSES ${_j} _n)
  list(APPEND _fz_names ${_h})
  add_executable(${_h}_fuzz_replay ${_fz}/${_h}_fuzz.c ${_fz}/replay_main.c)
  target_link_libraries(${_h}_fuzz_replay PRIVATE dftcore)
  add_test(NAME fuzz_replay_${_h} COMMAND ${_h}_fuzz_replay -n ${_n} ${_fz}/corpus/${_h})
  set_tests_properties(fuzz_replay_${_h} PROPERTIES
    LABELS fuzz TIMEOUT 300
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;DFT_FUZZ_CRASH_DIR=${CMAKE_CURRENT_BINARY_DIR}")
endforeach()

if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
  # An instrumented copy of dftcore so libFuzzer sees coverage inside the parsers.
  set(_fz_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g)
  add_library(dftcore_fuzz STATIC EXCLUDE_FROM_ALL
    ${DFT_CORE_SOURCES} ${DFT_PARSER_SOURCES} ${DFT_PLUGIN_SOURCES})
  # Same include path as dftcore (the core wings and parsers/: archive_input.h includes zipcd.h).
  target_include_directories(dftcore_fuzz PUBLIC ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/core
    ${DFT_CORE_WING_DIRS} ${CMAKE_SOURCE_DIR}/parsers)
  target_compile_definitions(dftcore_fuzz PUBLIC DFT_VERSION="${PROJECT_VERSION}")
  # -Wno-error: clang warns where gcc does not; warnings are the normal build's job, not the fuzzers'.
  target_compile_options(dftcore_fuzz PRIVATE -fsanitize=fuzzer-no-link ${_fz_flags} -Wno-error)
  target_link_libraries(dftcore_fuzz PUBLIC PkgConfig::DEPS ${MAGIC_LIB} ${PHONENUMBER_LIB} Threads::Threads
    ${CMAKE_DL_LIBS} m)
  set(_fz_targets "")
  foreach(_h ${_fz_names})
    add_executable(${_h}_fuzz EXCLUDE_FROM_ALL ${_fz}/${_h}_fuzz.c)
    target_compile_options(${_h}_fuzz PRIVATE -fsanitize=fuzzer ${_fz_flags})
    target_link_options(${_h}_fuzz PRIVATE -fsanitize=fuzzer ${_fz_flags})
    target_link_libraries(${_h}_fuzz PRIVATE dftcore_fuzz)
    list(APPEND _fz_targets ${_h}_fuzz)
  endforeach()
  add_custom_target(fuzz_targets DEPENDS ${_fz_targets})
endif()
