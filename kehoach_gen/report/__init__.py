"""The year-end Báo cáo kết quả thực hiện: the second document kind (`dockind.BAO_CAO`), drafted from a plan
and its filled tracking workbook."""
