# tests/walletapps: the LevelDB reader and the wallet_apps plugin (issue 10 part B). Fixtures are
# written at test time in the real formats by python3 generators (gen_*.py); nothing binary is
# committed.
set(_wa ${CMAKE_CURRENT_LIST_DIR})
set(_wa_out ${CMAKE_BINARY_DIR}/walletapps)

add_test(NAME walletapps_fixtures
         COMMAND python3 ${_wa}/gen_leveldb.py ${_wa_out}/leveldb)
set_tests_properties(walletapps_fixtures PROPERTIES FIXTURES_SETUP dft_walletapps_fx)

# like dft_unit_test, with the fixture directory as argument
add_executable(test_leveldb ${_wa}/test_leveldb.c)
target_link_libraries(test_leveldb PRIVATE dftcore)
add_test(NAME test_leveldb COMMAND test_leveldb ${_wa_out}/leveldb)
set_tests_properties(test_leveldb PROPERTIES FIXTURES_REQUIRED dft_walletapps_fx
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

# the plugin through the binary, on a directory and a tar of realistic wallet data
add_test(NAME e2e_walletapps
         COMMAND bash ${_wa}/e2e_walletapps.sh $<TARGET_FILE:dftriage> ${_wa_out}/e2e ${_wa}/gen_walletapps.py)
set_tests_properties(e2e_walletapps PROPERTIES TIMEOUT 180 LABELS e2e ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

dft_unit_test(test_redux_persist ${_wa}/test_redux_persist.c)
dft_unit_test(test_moz_clone ${_wa}/test_moz_clone.c)
