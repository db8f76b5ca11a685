# Builds the page (web/) into static files the binary embeds: esbuild bundles
# web/src/main.js (CodeMirror with the seven languages' modes, markdown-it,
# KaTeX and the page's own code) into one ES module, all of it in the first
# load (no chunk fetched later), and style sheets, named by their content's hash, so
# `verdict api` can serve them as immutable; index.html, served no-cache,
# names them. KaTeX's fonts are shipped as woff2 only (every browser the page
# supports takes woff2; the woff and ttf copies would only add bytes).
#   cmake -DSRC=<source dir> -DOUT=<dir> -DESBUILD=<esbuild> -P web.cmake
set(gen ${OUT}.gen)
file(REMOVE_RECURSE ${OUT} ${gen})
file(MAKE_DIRECTORY ${OUT}/assets ${gen})

# KaTeX's style sheet with its woff and ttf sources removed, and its font
# paths made absolute (the copy lives outside node_modules).
set(katex ${SRC}/node_modules/katex/dist)
if(NOT EXISTS ${katex}/katex.css OR NOT EXISTS ${ESBUILD})
  message(FATAL_ERROR "the page's npm packages are missing: run `npm ci` in ${SRC}")
endif()
file(READ ${katex}/katex.css css)
string(REGEX REPLACE ",[ \n\t]*url\\([^)]*\\.woff\\) format\\(\"woff\"\\)" "" css "${css}")
string(REGEX REPLACE ",[ \n\t]*url\\([^)]*\\.ttf\\) format\\(\"truetype\"\\)" "" css "${css}")
string(REPLACE "url(fonts/" "url(${katex}/fonts/" css "${css}")
if(css MATCHES "\\.ttf|\\.woff\\)")
  message(FATAL_ERROR "web.cmake: KaTeX's css still names woff or ttf fonts")
endif()
file(WRITE ${gen}/katex.css "${css}")

execute_process(
  COMMAND ${ESBUILD} ${SRC}/web/src/main.js ${gen}/katex.css --bundle --minify
          --format=esm --target=es2020 --legal-comments=none
          --outdir=${OUT}/assets --entry-names=[name]-[hash] --asset-names=[name]-[hash]
          --loader:.woff2=file --log-level=warning
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "esbuild failed (${rc})")
endif()

file(GLOB js RELATIVE ${OUT} ${OUT}/assets/*.js)
file(GLOB app_css RELATIVE ${OUT} ${OUT}/assets/main-*.css)
file(GLOB katex_css RELATIVE ${OUT} ${OUT}/assets/katex-*.css)
foreach(v js app_css katex_css)
  list(LENGTH ${v} n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "web.cmake: expected one ${v} output, got '${${v}}'")
  endif()
endforeach()
file(READ ${SRC}/web/index.html html)
string(REPLACE "{{app.js}}" "/${js}" html "${html}")
string(REPLACE "{{app.css}}" "/${app_css}" html "${html}")
string(REPLACE "{{katex.css}}" "/${katex_css}" html "${html}")
file(WRITE ${OUT}/index.html "${html}")
file(REMOVE_RECURSE ${gen})
