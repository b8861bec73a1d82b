# Evidence layer tests (core/evidence/evidence*.c, core/evidence/tsk_*.c).
# walk_dump prints every walk record; evidence_test.sh compares it with mmls, fls, icat, md5sum,
# sha256sum and find on images that mkimages.sh builds once (fixture test_evidence__images).
add_executable(walk_dump ${CMAKE_CURRENT_LIST_DIR}/walk_dump.c)
target_link_libraries(walk_dump PRIVATE dftcore)

set(DFT_EVIDENCE_IMAGES ${CMAKE_CURRENT_BINARY_DIR}/evidence_images)
add_test(NAME test_evidence__images
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/mkimages.sh ${DFT_EVIDENCE_IMAGES})
set_tests_properties(test_evidence__images PROPERTIES FIXTURES_SETUP evidence_images)

foreach(case mbr_raw nopart_ext4 gpt vhd detect deleted ntfs_ads split_raw ewf ewf_split ewf_missing unsupported
             truncated zeroed_superblock corrupt_smoke ewf_corrupt_smoke directory)
  add_test(NAME test_evidence__${case}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/evidence_test.sh ${case} $<TARGET_FILE:walk_dump>
                   ${DFT_EVIDENCE_IMAGES})
  set_tests_properties(test_evidence__${case} PROPERTIES
                       FIXTURES_REQUIRED evidence_images
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
endforeach()
set_tests_properties(test_evidence__ewf_corrupt_smoke PROPERTIES ENVIRONMENT
  "ASAN_OPTIONS=detect_leaks=1;LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/lsan_libewf.supp:print_suppressions=1")

# Review regression 3: directory evidence opens beneath its root, never through a symlink.
dft_unit_test(test_dir_beneath ${CMAKE_CURRENT_LIST_DIR}/test_dir_beneath.c)
add_test(NAME test_dir_beneath_no_openat2 COMMAND test_dir_beneath)
set_tests_properties(test_dir_beneath_no_openat2 PROPERTIES ENVIRONMENT "DFT_NO_OPENAT2=1;ASAN_OPTIONS=detect_leaks=1")

# core/evidence/ewf_image.c: E01 readers sharing one chunk cache, byte for byte against the raw image, on
# a split set (three segments) and on a single segment (which also gets a damaged copy).
add_executable(test_ewf_cache ${CMAKE_CURRENT_LIST_DIR}/test_ewf_cache.c)
target_link_libraries(test_ewf_cache PRIVATE dftcore)
add_test(NAME test_ewf_cache_split
         COMMAND test_ewf_cache ${DFT_TESTIMAGES}/disk_mbr.raw ${DFT_TESTIMAGES}/disk_mbr_split.E01
                 ${DFT_TESTIMAGES}/disk_mbr_split.E02 ${DFT_TESTIMAGES}/disk_mbr_split.E03)
add_test(NAME test_ewf_cache_damaged
         COMMAND test_ewf_cache ${DFT_TESTIMAGES}/disk_mbr.raw ${DFT_TESTIMAGES}/disk_mbr.E01)
add_test(NAME test_ewf_cache_bigchunk
         COMMAND test_ewf_cache ${DFT_EVIDENCE_IMAGES}/disk_mbr.raw ${DFT_EVIDENCE_IMAGES}/bigchunk.E01)
set_tests_properties(test_ewf_cache_bigchunk PROPERTIES
                     FIXTURES_REQUIRED evidence_images ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
set_tests_properties(test_ewf_cache_split test_ewf_cache_damaged PROPERTIES
                     FIXTURES_REQUIRED dft_testimages ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
