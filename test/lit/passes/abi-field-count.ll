; A driver descriptor laid out as an older rt/ did (four fields, no platforms) is an error naming the expected and the found field count, never skipped.
; RUN: %not %opt -load-pass-plugin=%plugin -passes=unilink-driver-prune -disable-output %s 2>&1 | %FileCheck %s
; CHECK: unilink-driver-prune: error: descriptor @uni_driver_uart in section uni_drivers: expected a struct uni_driver of 5 fields (name, class, platforms, probe, init), found 4 fields
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-none-elf"

%struct.old_driver = type { ptr, i32, ptr, ptr }

@.str.uart = private unnamed_addr constant [5 x i8] c"uart\00", align 1
@uni_driver_uart = internal constant %struct.old_driver { ptr @.str.uart, i32 1, ptr @uart_probe, ptr @uart_probe }, section "uni_drivers", align 8
@llvm.compiler.used = appending global [1 x ptr] [ptr @uni_driver_uart], section "llvm.metadata"

define internal i32 @uart_probe() {
  ret i32 0
}
