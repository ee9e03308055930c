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
        # GCC 12's flow-based warnings misfire at -O2/-O3 inside Qt's containers and libstdc++
        # (GCC bugs 105329, 106199): in optimised builds they stay warnings, not errors. Debug
        # builds (CI's) still fail on them.
        if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
            target_compile_options(mantle_compiler_options INTERFACE
                $<$<NOT:$<CONFIG:Debug>>:-Wno-error=maybe-uninitialized>
                $<$<NOT:$<CONFIG:Debug>>:-Wno-error=dangling-pointer>
                $<$<NOT:$<CONFIG:Debug>>:-Wno-error=restrict>)
        endif()
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
