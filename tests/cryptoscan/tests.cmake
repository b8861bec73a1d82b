# tests/cryptoscan: the crypto_scan plugin (issue 10 Part A) - its engine alone (vectors in text, JSON,
# UTF-16LE, across 64 KiB blocks, negatives, a planted recall set), the plugin end to end on a FAT
# image (e2e_crypto_scan.sh), and the scanner benchmark (not a test: bench/crypto_scan_bench.c).
set(DFT_CRYPTOSCAN_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFT_BIP39_DATA ${CMAKE_SOURCE_DIR}/plugins/crypto_scan/data/bip39)

dft_unit_test(test_crypto_scan_engine ${DFT_CRYPTOSCAN_DIR}/test_scan_engine.c ${DFT_CRYPTOSCAN_DIR}/plant.c)
target_compile_definitions(test_crypto_scan_engine PRIVATE DFT_BIP39_DIR="${DFT_BIP39_DATA}")
set_tests_properties(test_crypto_scan_engine PROPERTIES TIMEOUT 120)

# End to end: a FAT image with notes, a UTF-16LE file and a deleted file, through `dftriage ingest`.
add_test(NAME e2e_crypto_scan
         COMMAND bash ${DFT_CRYPTOSCAN_DIR}/e2e_crypto_scan.sh $<TARGET_FILE:dftriage> ${CMAKE_BINARY_DIR}/e2e/e2e_crypto_scan
                 ${CMAKE_BINARY_DIR}/e2e/plugins_good)
set_tests_properties(e2e_crypto_scan PROPERTIES TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

# The scanner benchmark (bench/crypto_scan_bench.c; docs/crypto-scan.md): built, not run by ctest.
add_executable(crypto_scan_bench ${CMAKE_SOURCE_DIR}/bench/crypto_scan_bench.c ${DFT_CRYPTOSCAN_DIR}/plant.c)
target_link_libraries(crypto_scan_bench PRIVATE dftcore)
target_include_directories(crypto_scan_bench PRIVATE ${DFT_CRYPTOSCAN_DIR})
target_compile_definitions(crypto_scan_bench PRIVATE DFT_BIP39_DIR="${DFT_BIP39_DATA}")
