/* Common includes for the cmocka unit tests. */
#ifndef LD_TEST_H
#define LD_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#endif
