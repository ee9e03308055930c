# Warnings, -Werror and sanitizers for every target of ours, through one interface target.
add_library(mantle_compiler_options INTERFACE)
if(MSVC)
    target_compile_options(mantle_compiler_options INTERFACE /W4 /permissive- /utf-8)
    if(MANTLE_WERROR)
        target_compile_options(mantle_compiler_options INTERFACE /WX)
    endif()
else()
    target_compile_options(mantle_compiler_options INTERFACE -Wall -Wextra -Wpedantic)
    if(MANTLE_WERROR)
        target_compile_options(mantle_compiler_options INTERFACE -Werror)
    endif()
    if(MANTLE_SANITIZERS)
        list(JOIN MANTLE_SANITIZERS "," _mantle_san)
        target_compile_options(mantle_compiler_options INTERFACE
            -fsanitize=${_mantle_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
        target_link_options(mantle_compiler_options INTERFACE -fsanitize=${_mantle_san})
    endif()
endif()
target_compile_definitions(mantle_compiler_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
