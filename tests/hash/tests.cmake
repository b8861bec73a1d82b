# Multi-buffer hashing (core/pipeline/mbhash*): differential tests against OpenSSL and the
# published vectors, for every engine the machine runs. DFT_MBHASH_RANDOM = random messages
# (1,000,000 in the normal build; 20,000 under the sanitizers, which are ~20x slower).
dft_unit_test(test_mbhash ${CMAKE_CURRENT_LIST_DIR}/test_mbhash.c)
# The per-worker bound of the lanes' kept content (core/pipeline/mbhash_budget.h, <= 8 MiB).
dft_unit_test(test_mbbudget ${CMAKE_CURRENT_LIST_DIR}/test_mbbudget.c)
target_include_directories(test_mbbudget PRIVATE ${CMAKE_SOURCE_DIR}/core/pipeline)
if(DFT_SANITIZE)
  set(_mb_random 20000)
else()
  set(_mb_random 1000000)
endif()
set_tests_properties(test_mbhash PROPERTIES TIMEOUT 900
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;DFT_MBHASH_RANDOM=${_mb_random}")
# The engine micro-benchmark (docs/performance.md "Hashing"); run by hand, and once tiny as a smoke test.
add_executable(hash_bench ${CMAKE_SOURCE_DIR}/bench/hash_bench.c)
target_link_libraries(hash_bench PRIVATE dftcore)
add_test(NAME hash_bench_runs COMMAND hash_bench 1 2000)
# The ingest with each engine gives the same case file digests (needs the test images fixture).
add_test(NAME e2e_hash_engines
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_hash_engines.sh ${DFT_BIN} ${DFT_TESTIMAGES}
                 ${CMAKE_BINARY_DIR}/e2e/e2e_hash_engines)
set_tests_properties(e2e_hash_engines PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
