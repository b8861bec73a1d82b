# tests/scam_text: the scam_text plugin (issue 11, scripts / trafficking cues / MRZ) - the parsers with
# the shipped lexicons (test_scam_text), the plugin end to end on a directory and a tar of text files
# (e2e_scam_text.sh), and the classification benchmark (bench/scam_text_bench.c; built, not run).
set(DFT_SCAMTEXT_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFT_SCAMTEXT_DATA ${CMAKE_SOURCE_DIR}/plugins/scam_text/data)

dft_unit_test(test_scam_text ${DFT_SCAMTEXT_DIR}/test_scam_text.c)
target_include_directories(test_scam_text PRIVATE ${DFT_SCAMTEXT_DIR})
target_compile_definitions(test_scam_text PRIVATE DFT_SCAM_DATA_DIR="${DFT_SCAMTEXT_DATA}")
set_tests_properties(test_scam_text PROPERTIES TIMEOUT 300)

add_test(NAME e2e_scam_text
         COMMAND bash ${DFT_SCAMTEXT_DIR}/e2e_scam_text.sh $<TARGET_FILE:dftriage> ${CMAKE_BINARY_DIR}/e2e/e2e_scam_text
                 $<TARGET_FILE:scam_text_write_fixtures> ${CMAKE_BINARY_DIR}/e2e/plugins_good)
set_tests_properties(e2e_scam_text PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_executable(scam_text_bench ${CMAKE_SOURCE_DIR}/bench/scam_text_bench.c)
target_link_libraries(scam_text_bench PRIVATE dftcore)
target_include_directories(scam_text_bench PRIVATE ${DFT_SCAMTEXT_DIR})
target_compile_definitions(scam_text_bench PRIVATE DFT_SCAM_DATA_DIR="${DFT_SCAMTEXT_DATA}")

# the fixtures as files for the end-to-end test
add_executable(scam_text_write_fixtures ${DFT_SCAMTEXT_DIR}/write_fixtures.c)
