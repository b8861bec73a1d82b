# Multi-buffer hashing (core/pipeline/mbhash*): differential tests against OpenSSL and the
# published vectors, for every engine the machine runs. DFT_MBHASH_RANDOM = random messages
# (1,000,000 in the normal build; 20,000 under the sanitizers, which are ~20x slower).
dft_unit_test(test_mbhash ${CMAKE_CURRENT_LIST_DIR}/test_mbhash.c)
if(DFT_SANITIZE)
  set(_mb_random 20000)
else()
  set(_mb_random 1000000)
endif()
set_tests_properties(test_mbhash PROPERTIES TIMEOUT 300
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;DFT_MBHASH_RANDOM=${_mb_random}")
