# atlas_embed(TARGET FILE...) — a static library exposing each file's bytes as
# atlas::resource("relative/path"). Regenerated when any file changes.
function(atlas_embed target)
  set(out ${CMAKE_BINARY_DIR}/generated/${target}.cpp)
  set(abs_files)
  foreach(f ${ARGN})
    list(APPEND abs_files ${CMAKE_SOURCE_DIR}/${f})
  endforeach()
  string(REPLACE ";" "|" file_list "${ARGN}")  # a list would split the command line
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DROOT=${CMAKE_SOURCE_DIR} "-DFILES=${file_list}"
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${abs_files} ${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding reference data and migrations"
    VERBATIM)
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${CMAKE_SOURCE_DIR}/src)
endfunction()
