"""kehoach-gen: drafts the Kế hoạch of a provincial People's Committee per Nghị định 30/2020/NĐ-CP."""
