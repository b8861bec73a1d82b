# tests/wallets: wallet-file parsers (parsers/bdb, btcwallet, electrum, ethkeystore) and the
# wallet_files plugin. Fixtures are generated at test time by tests/wallets/gen_wallets.py (python3
# stdlib, deterministic) into build/wallets/fixtures.
set(DFT_WALLETS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFT_WALLETS_FIX ${CMAKE_BINARY_DIR}/wallets/fixtures)

add_test(NAME wallets_fixtures COMMAND python3 ${DFT_WALLETS_DIR}/gen_wallets.py ${DFT_WALLETS_FIX})
set_tests_properties(wallets_fixtures PROPERTIES FIXTURES_SETUP dft_wallet_fixtures)

# dft_wallet_test(NAME): tests/wallets/NAME.c run with the fixture directory as its argument.
function(dft_wallet_test name)
  add_executable(${name} ${DFT_WALLETS_DIR}/${name}.c)
  target_link_libraries(${name} PRIVATE dftcore)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/parsers)
  add_test(NAME ${name} COMMAND ${name} ${DFT_WALLETS_FIX})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED dft_wallet_fixtures
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
endfunction()

dft_wallet_test(test_btcwallet)

# parsers/bdb.c against libdb: our generated file and a db5.3_load-made one give the same records.
add_executable(bdb_dump ${DFT_WALLETS_DIR}/bdb_dump.c)
target_link_libraries(bdb_dump PRIVATE dftcore)
target_include_directories(bdb_dump PRIVATE ${CMAKE_SOURCE_DIR}/parsers)
add_test(NAME wallets_bdb_oracle COMMAND bash ${DFT_WALLETS_DIR}/bdb_oracle.sh $<TARGET_FILE:bdb_dump>
  ${DFT_WALLETS_FIX} ${CMAKE_BINARY_DIR}/wallets/oracle)
set_tests_properties(wallets_bdb_oracle PROPERTIES FIXTURES_REQUIRED dft_wallet_fixtures SKIP_RETURN_CODE 77)
dft_wallet_test(test_electrum)
dft_wallet_test(test_ethkeystore)

# The plugin end to end on a directory evidence with the wallets at realistic paths.
add_test(NAME e2e_wallets COMMAND bash ${DFT_WALLETS_DIR}/e2e_wallets.sh $<TARGET_FILE:dftriage> ${DFT_WALLETS_FIX}
  ${CMAKE_BINARY_DIR}/wallets/e2e)
set_tests_properties(e2e_wallets PROPERTIES FIXTURES_REQUIRED dft_wallet_fixtures TIMEOUT 180 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
