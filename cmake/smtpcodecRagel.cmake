# Ragel 6.10 code generation at build time. Generated files live in the build tree only.
find_program(RAGEL_EXECUTABLE ragel)
if(NOT RAGEL_EXECUTABLE)
  message(FATAL_ERROR "ragel not found: apt-get install ragel (tools/deps.sh does it)")
endif()
execute_process(COMMAND ${RAGEL_EXECUTABLE} --version OUTPUT_VARIABLE _ragel_version_out)
string(REGEX MATCH "version ([0-9]+\\.[0-9]+)" _ragel_version_match "${_ragel_version_out}")
if(NOT CMAKE_MATCH_1 VERSION_EQUAL 6.10)
  message(FATAL_ERROR "smtpcodec needs Ragel 6.10, found '${CMAKE_MATCH_1}'")
endif()

option(SMTPCODEC_RAGEL_LINE_DIRECTIVES "Keep #line directives pointing at .rl files" ON)

# smtpcodec_ragel_generate(OUT_VAR <var> INPUT <file.rl> [STYLE <-G2|-T0|-F1|...>] [OUTPUT_DIR <dir>])
# Generates <OUTPUT_DIR>/<name>.rl.cpp, depending on the input, every ragel/common/*.rl and
# the src/detail/<name>_machine.hpp wrapper if present. Warnings Ragel's output trips are
# relaxed for that file only.
function(smtpcodec_ragel_generate)
  cmake_parse_arguments(ARG "" "OUT_VAR;INPUT;STYLE;OUTPUT_DIR" "" ${ARGN})
  if(NOT ARG_STYLE)
    set(ARG_STYLE ${SMTPCODEC_RAGEL_STYLE})
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/ragel)
  endif()
  get_filename_component(_name ${ARG_INPUT} NAME_WE)
  set(_out ${ARG_OUTPUT_DIR}/${_name}.rl.cpp)
  file(GLOB _common CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/ragel/common/*.rl)
  set(_deps ${ARG_INPUT} ${_common})
  if(EXISTS ${PROJECT_SOURCE_DIR}/src/detail/${_name}_machine.hpp)
    list(APPEND _deps ${PROJECT_SOURCE_DIR}/src/detail/${_name}_machine.hpp)
  endif()
  set(_line_flag "")
  if(NOT SMTPCODEC_RAGEL_LINE_DIRECTIVES)
    set(_line_flag -L)
  endif()
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ARG_OUTPUT_DIR}
    COMMAND ${RAGEL_EXECUTABLE} ${ARG_STYLE} ${_line_flag} -I ${PROJECT_SOURCE_DIR}/ragel -o ${_out} ${ARG_INPUT}
    DEPENDS ${_deps}
    COMMENT "Ragel ${ARG_STYLE} ${_name}.rl"
    VERBATIM)
  set_source_files_properties(${_out} PROPERTIES GENERATED TRUE
    COMPILE_OPTIONS "-Wno-implicit-fallthrough;-Wno-unused-const-variable;-Wno-unused-variable;-Wno-conversion;-Wno-sign-conversion;-Wno-shadow;-Wno-unused-but-set-variable")
  set(${ARG_OUT_VAR} ${_out} PARENT_SCOPE)
endfunction()
