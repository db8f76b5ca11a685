# Turns files into a C source holding them as byte arrays, so the binary
# carries its migrations and its web page wherever it is copied.
#   cmake -DOUT=file.c -DSYMBOL=name -DBASE=dir -DFILES="a;b" -P embed.cmake
# or -DGLOB=ON instead of FILES: every file under BASE as it is when this runs
# (the page's, which the build itself makes: web.cmake).
if(GLOB)
  file(GLOB_RECURSE FILES ${BASE}/*)
  list(SORT FILES)
endif()
set(body "/* Generated from ${BASE} by cmake/embed.cmake: do not edit. */\n#include <stddef.h>\n\n")
set(table "")
set(i 0)
foreach(f ${FILES})
  file(READ ${f} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  file(RELATIVE_PATH rel ${BASE} ${f})
  string(APPEND body "static const unsigned char ${SYMBOL}_${i}[] = {\n${bytes}0x00};\n")
  string(APPEND table "    {\"${rel}\", ${SYMBOL}_${i}, ${len}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nstruct embedded_file {\n    const char *name;\n    const unsigned char *data;\n    size_t len;\n};\n\n")
string(APPEND body "const struct embedded_file ${SYMBOL}[] = {\n${table}    {NULL, NULL, 0},\n};\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
