# tests/recover: deleted-record recovery (parsers/sqlite_recover*.c, parsers/chatdb_recover.c).
#  recover_dbs           builds the scenario databases with python3's sqlite3 (gen_recover_dbs.py)
#  test_sqlite_recover   the parser on each scenario: exact recovered rows, sources, no false positives
#  e2e_recover           ingest of a WhatsApp tree with a deleted message: messages row deleted=1
set(_rc ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME recover_dbs COMMAND python3 ${_rc}/gen_recover_dbs.py ${CMAKE_BINARY_DIR}/recover_dbs)
set_tests_properties(recover_dbs PROPERTIES FIXTURES_SETUP recover_dbs TIMEOUT 120)

add_executable(test_sqlite_recover ${_rc}/test_sqlite_recover.c)
target_link_libraries(test_sqlite_recover PRIVATE dftcore)
target_include_directories(test_sqlite_recover PRIVATE ${CMAKE_SOURCE_DIR}/tests/core ${_rc})
add_test(NAME test_sqlite_recover COMMAND test_sqlite_recover ${CMAKE_BINARY_DIR}/recover_dbs)
set_tests_properties(test_sqlite_recover PROPERTIES FIXTURES_REQUIRED recover_dbs
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_recover
         COMMAND bash ${_rc}/e2e_recover.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_recover
                 ${CMAKE_SOURCE_DIR}/tests/chat_whatsapp/make_fixtures.py)
set_tests_properties(e2e_recover PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

# The recovery benchmark tool (bench/recover_bench.sh runs it; not a test).
add_executable(recover_bench ${CMAKE_SOURCE_DIR}/bench/recover_bench.c)
target_link_libraries(recover_bench PRIVATE dftcore)

add_test(NAME e2e_carve
         COMMAND bash ${_rc}/e2e_carve.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_carve)
set_tests_properties(e2e_carve PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_carve_db
         COMMAND bash ${_rc}/e2e_carve_db.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_carve_db)
set_tests_properties(e2e_carve_db PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

# The candidate-database assembler of sqlite_carve on hand-built pages.
add_executable(test_carve_candidate ${_rc}/test_carve_candidate.c)
target_link_libraries(test_carve_candidate PRIVATE dftcore)
target_include_directories(test_carve_candidate PRIVATE ${CMAKE_SOURCE_DIR}/tests/core)
add_test(NAME test_carve_candidate COMMAND test_carve_candidate)
set_tests_properties(test_carve_candidate PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
