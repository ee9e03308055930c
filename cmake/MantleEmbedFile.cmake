# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -DNAMESPACE=ns -P MantleEmbedFile.cmake
#
# Writes a C++ source that holds the bytes of INPUT as `const unsigned char SYMBOL[]` and their
# count as `const std::size_t SYMBOLSize`, in namespace NAMESPACE. Used at build time (see
# core/CMakeLists.txt), so that editing INPUT rebuilds the program. A byte array, not a string
# literal: compilers limit the length of string literals (MSVC to 16 KB per piece).
foreach(_var INPUT OUTPUT SYMBOL NAMESPACE)
    if(NOT DEFINED ${_var})
        message(FATAL_ERROR "MantleEmbedFile.cmake: ${_var} is not set")
    endif()
endforeach()
file(READ "${INPUT}" _hex HEX)
file(SIZE "${INPUT}" _size)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n    " _bytes "${_bytes}")
file(WRITE "${OUTPUT}"
    "// Generated from ${INPUT} by cmake/MantleEmbedFile.cmake: do not edit.\n"
    "#include <cstddef>\n\n"
    "namespace ${NAMESPACE} {\n\n"
    "extern const unsigned char ${SYMBOL}[];\n"
    "extern const std::size_t ${SYMBOL}Size;\n\n"
    "const unsigned char ${SYMBOL}[] = {\n    ${_bytes}0x00};\n"
    "const std::size_t ${SYMBOL}Size = ${_size};\n\n"
    "} // namespace ${NAMESPACE}\n")
