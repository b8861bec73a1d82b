# tests/e2e/tests.cmake - end-to-end tests: build the test images once (fixture), then run the
# dftriage binary on them and check the case file with sqlite3 (scripts tests/e2e/e2e_*.sh).
# Tools needed at test time: bash, sqlite3, sleuthkit (fls, icat), ewf-tools (ewfinfo, ewfverify),
# coreutils; testimages/build.sh needs e2fsprogs, dosfstools, mtools, ntfs-3g, fdisk, python3, cc.

set(DFT_E2E_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFT_E2E_WORK ${CMAKE_BINARY_DIR}/e2e)

add_test(NAME e2e_testimages
         COMMAND bash ${CMAKE_SOURCE_DIR}/testimages/build.sh ${DFT_TESTIMAGES})
set_tests_properties(e2e_testimages PROPERTIES FIXTURES_SETUP dft_testimages TIMEOUT 300)

# The external test plugin, four times: the current ABI; ABI 1 (a v1 plugin), a descriptor too small
# for ABI 2, and one using an internal symbol of the executable: the last three must be refused. The
# marker scanner sits beside the good one.
pkg_check_modules(DFT_E2E_PLUGIN_DEPS REQUIRED IMPORTED_TARGET libarchive zlib)
foreach(variant good bad small internal)
  add_library(dft_e2e_hello_${variant} MODULE ${DFT_E2E_DIR}/hello_plugin.c)
  target_include_directories(dft_e2e_hello_${variant} PRIVATE ${CMAKE_SOURCE_DIR}/core)
  target_link_libraries(dft_e2e_hello_${variant} PRIVATE PkgConfig::DFT_E2E_PLUGIN_DEPS)
  set_target_properties(dft_e2e_hello_${variant} PROPERTIES
    PREFIX "" OUTPUT_NAME hello_plugin
    LIBRARY_OUTPUT_DIRECTORY ${DFT_E2E_WORK}/plugins_${variant})
endforeach()
target_compile_definitions(dft_e2e_hello_bad PRIVATE HELLO_ABI=1)
target_compile_definitions(dft_e2e_hello_small PRIVATE HELLO_STRUCT_SIZE=16u)
target_compile_definitions(dft_e2e_hello_internal PRIVATE HELLO_INTERNAL)
add_library(dft_e2e_marker MODULE ${DFT_E2E_DIR}/marker_plugin.c)
target_include_directories(dft_e2e_marker PRIVATE ${CMAKE_SOURCE_DIR}/core)
set_target_properties(dft_e2e_marker PROPERTIES PREFIX "" OUTPUT_NAME marker_plugin
  LIBRARY_OUTPUT_DIRECTORY ${DFT_E2E_WORK}/plugins_good)

# dft_e2e_test(NAME [EXTRA ARGS...]) runs tests/e2e/NAME.sh DFT_BIN TESTIMAGES WORKDIR EXTRA...
function(dft_e2e_test name)
  add_test(NAME ${name}
           COMMAND bash ${DFT_E2E_DIR}/${name}.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${DFT_E2E_WORK}/${name} ${ARGN})
  set_tests_properties(${name} PROPERTIES
    FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
endfunction()

dft_e2e_test(e2e_fls_truth)
dft_e2e_test(e2e_image_hashes)
dft_e2e_test(e2e_corrupt)
dft_e2e_test(e2e_duplicate)
dft_e2e_test(e2e_kill)
dft_e2e_test(e2e_determinism)
dft_e2e_test(e2e_plugin_external ${DFT_E2E_WORK}/plugins_good ${DFT_E2E_WORK}/plugins_bad
  ${DFT_E2E_WORK}/plugins_small ${DFT_E2E_WORK}/plugins_internal)
dft_e2e_test(e2e_plugin_options ${DFT_E2E_WORK}/plugins_good)
dft_e2e_test(e2e_platform ${DFT_E2E_WORK}/plugins_good)
dft_e2e_test(e2e_verify)
dft_e2e_test(e2e_seal)
set_tests_properties(e2e_seal PROPERTIES FIXTURES_REQUIRED "dft_testimages;containers_images")
dft_e2e_test(e2e_dir_evidence)

# Phone dumps through ingest: needs both image sets.
dft_e2e_test(e2e_phone)
set_tests_properties(e2e_phone PROPERTIES FIXTURES_REQUIRED "dft_testimages;containers_images")
dft_e2e_test(e2e_android_image)
dft_e2e_test(e2e_ewf_damage)
dft_e2e_test(e2e_virtual_disks)
dft_e2e_test(e2e_apfs)
dft_e2e_test(e2e_migrate_v1)
# The README demo's scam-compound story through every plugin and the report (issues 9-12, 14).
dft_e2e_test(e2e_demo_case)

# Unallocated space and slack: an external DFT_CLAIM_UNALLOC plugin finding planted markers.
add_library(dft_e2e_unalloc_marker MODULE ${DFT_E2E_DIR}/unalloc_marker_plugin.c)
target_include_directories(dft_e2e_unalloc_marker PRIVATE ${CMAKE_SOURCE_DIR}/core)
set_target_properties(dft_e2e_unalloc_marker PROPERTIES
  PREFIX "" OUTPUT_NAME marker_plugin
  LIBRARY_OUTPUT_DIRECTORY ${DFT_E2E_WORK}/plugins_marker)
dft_e2e_test(e2e_unalloc ${DFT_E2E_WORK}/plugins_marker)

# Sibling and path lookups on every evidence kind (issue 7 item 3): an external plugin that links
# SQLite to open a database with and without its WAL.
find_package(PkgConfig QUIET)
pkg_check_modules(DFT_E2E_SQLITE QUIET sqlite3)
add_library(dft_e2e_sibling MODULE ${DFT_E2E_DIR}/sibling_plugin.c)
target_include_directories(dft_e2e_sibling PRIVATE ${CMAKE_SOURCE_DIR}/core ${DFT_E2E_SQLITE_INCLUDE_DIRS})
target_link_libraries(dft_e2e_sibling PRIVATE ${DFT_E2E_SQLITE_LINK_LIBRARIES})
set_target_properties(dft_e2e_sibling PROPERTIES
  PREFIX "" OUTPUT_NAME sibling_plugin
  LIBRARY_OUTPUT_DIRECTORY ${DFT_E2E_WORK}/plugins_sibling)
dft_e2e_test(e2e_siblings ${DFT_E2E_WORK}/plugins_sibling)

# Plugins that misuse the ABI (a hostile review's findings): contained, never a crash or a false row.
foreach(adv adv_a adv_z)
  add_library(dft_e2e_${adv} MODULE ${DFT_E2E_DIR}/adversary_plugin.c)
  target_include_directories(dft_e2e_${adv} PRIVATE ${CMAKE_SOURCE_DIR}/core)
  target_compile_definitions(dft_e2e_${adv} PRIVATE ADV_NAME="${adv}")
  set_target_properties(dft_e2e_${adv} PROPERTIES PREFIX "" OUTPUT_NAME ${adv}
    LIBRARY_OUTPUT_DIRECTORY ${DFT_E2E_WORK}/plugins_adversary)
endforeach()
add_library(dft_e2e_marker_adv MODULE ${DFT_E2E_DIR}/marker_plugin.c)
target_include_directories(dft_e2e_marker_adv PRIVATE ${CMAKE_SOURCE_DIR}/core)
set_target_properties(dft_e2e_marker_adv PROPERTIES PREFIX "" OUTPUT_NAME marker_plugin
  LIBRARY_OUTPUT_DIRECTORY ${DFT_E2E_WORK}/plugins_adversary)
dft_e2e_test(e2e_adversary ${DFT_E2E_WORK}/plugins_adversary)
