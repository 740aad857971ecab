; Descriptors in llvm.used (a non-static table entry) and in llvm.compiler.used (a static one) are both dropped from their array; other entries stay.
; RUN: %opt -load-pass-plugin=%plugin -passes='unilink-specialize,globaldce' -verify-each -S %s | %FileCheck %s --implicit-check-not=xen_probe --implicit-check-not=uni_driver_xen --implicit-check-not=virtio_probe --implicit-check-not=uni_driver_virtio
; CHECK: @uni_driver_uart = internal constant
; CHECK: @llvm.used = appending global [2 x ptr] [ptr @keep_me, ptr @uni_driver_uart], section "llvm.metadata"
; CHECK: @llvm.compiler.used = appending global [1 x ptr] [ptr @keep_me_too], section "llvm.metadata"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-none-elf"

%struct.uni_config_key = type { ptr, ptr, ptr, ptr, ptr, i64, i64, ptr, i32 }
%struct.uni_driver = type { ptr, i32, i32, ptr, ptr }

@uni_cfg_console_driver = dso_local global ptr @.str.uart, align 8
@.str.console = private unnamed_addr constant [8 x i8] c"console\00", align 1
@.str.driver = private unnamed_addr constant [7 x i8] c"driver\00", align 1
@.str.uart = private unnamed_addr constant [5 x i8] c"uart\00", align 1
@.str.xen = private unnamed_addr constant [8 x i8] c"xencons\00", align 1
@.str.virtio = private unnamed_addr constant [7 x i8] c"virtio\00", align 1
@uni_cfgdesc_console_driver = internal constant %struct.uni_config_key { ptr @.str.console, ptr @.str.driver, ptr @.str.driver, ptr @.str.uart, ptr @uni_cfg_console_driver, i64 0, i64 0, ptr null, i32 3 }, section "uni_config", align 8
@uni_driver_uart = internal constant %struct.uni_driver { ptr @.str.uart, i32 1, i32 1, ptr @uart_probe, ptr @uart_probe }, section "uni_drivers", align 8
@uni_driver_xen = dso_local constant %struct.uni_driver { ptr @.str.xen, i32 1, i32 2, ptr @xen_probe, ptr @xen_probe }, section "uni_drivers", align 8
@uni_driver_virtio = internal constant %struct.uni_driver { ptr @.str.virtio, i32 2, i32 1, ptr @virtio_probe, ptr @virtio_probe }, section "uni_drivers", align 8
@llvm.used = appending global [3 x ptr] [ptr @keep_me, ptr @uni_driver_xen, ptr @uni_driver_uart], section "llvm.metadata"
@llvm.compiler.used = appending global [3 x ptr] [ptr @uni_cfgdesc_console_driver, ptr @uni_driver_virtio, ptr @keep_me_too], section "llvm.metadata"

define internal i32 @uart_probe() {
  ret i32 0
}

define internal i32 @xen_probe() {
  ret i32 1
}

define internal i32 @virtio_probe() {
  ret i32 2
}

define internal void @keep_me() {
  ret void
}

define internal void @keep_me_too() {
  ret void
}
