# tests/cryptoval: the crypto validators (parsers/keccak, cashaddr, cryptoaddr, bip39) against published
# vectors; the word lists are the ones the crypto_scan plugin ships.
dft_unit_test(test_cryptoaddr ${CMAKE_CURRENT_LIST_DIR}/test_cryptoaddr.c)
dft_unit_test(test_bip39 ${CMAKE_CURRENT_LIST_DIR}/test_bip39.c)
target_compile_definitions(test_bip39 PRIVATE DFT_BIP39_DIR="${CMAKE_SOURCE_DIR}/plugins/crypto_scan/data/bip39")
# Throughput numbers for docs/crypto-validation.md (not a test):
#   build/tests/bench_cryptoval plugins/crypto_scan/data/bip39
add_executable(bench_cryptoval EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_cryptoval.c)
target_link_libraries(bench_cryptoval PRIVATE dftcore)
