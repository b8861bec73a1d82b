# Core unit tests: utilities and the pipeline with a synthetic walker.
dft_unit_test(test_core_util ${CMAKE_CURRENT_LIST_DIR}/test_util.c)
dft_unit_test(test_core_pipeline ${CMAKE_CURRENT_LIST_DIR}/test_pipeline.c)
dft_unit_test(test_core_typer ${CMAKE_CURRENT_LIST_DIR}/test_typer.c)
dft_unit_test(test_core_region ${CMAKE_CURRENT_LIST_DIR}/test_region.c)
dft_unit_test(test_core_registry ${CMAKE_CURRENT_LIST_DIR}/test_registry.c)
# Claim-matching micro-benchmark (docs/performance.md); run by hand, and once small as a test that
# the keyed tables agree with the linear test.
add_executable(registry_bench ${CMAKE_SOURCE_DIR}/bench/registry_bench.c)
target_link_libraries(registry_bench PRIVATE dftcore)
target_include_directories(registry_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME registry_bench_agrees COMMAND registry_bench 5000 40)
dft_unit_test(test_core_siblings ${CMAKE_CURRENT_LIST_DIR}/test_siblings.c)
dft_unit_test(test_core_flush ${CMAKE_CURRENT_LIST_DIR}/test_flush.c)
