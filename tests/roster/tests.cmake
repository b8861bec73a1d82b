# tests/roster: rosters -> persons and the identity join (issue 11). Fixtures (real OOXML zips, CSV in
# UTF-8/GB18030/UTF-16LE, a vCard set, an Android SMS database) are written at test time by gen_roster.py.
set(DFT_ROSTER_FIXTURES ${CMAKE_BINARY_DIR}/tests/roster/fixtures)
add_test(NAME roster_fixtures COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/gen_roster.py ${DFT_ROSTER_FIXTURES})
set_tests_properties(roster_fixtures PROPERTIES FIXTURES_SETUP roster_fx)
add_executable(test_roster ${CMAKE_CURRENT_LIST_DIR}/test_roster.c)
target_link_libraries(test_roster PRIVATE dftcore)
add_test(NAME test_roster COMMAND test_roster ${CMAKE_SOURCE_DIR}/plugins/roster/data/headers.tsv ${DFT_ROSTER_FIXTURES})
set_tests_properties(test_roster PROPERTIES FIXTURES_REQUIRED roster_fx TIMEOUT 120
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
add_test(NAME e2e_roster
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_roster.sh $<TARGET_FILE:dftriage> ${DFT_ROSTER_FIXTURES}
                 ${CMAKE_BINARY_DIR}/tests/roster/e2e)
set_tests_properties(e2e_roster PROPERTIES FIXTURES_REQUIRED roster_fx TIMEOUT 180 LABELS e2e
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
