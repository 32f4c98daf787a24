-- The audit log by object: a report's history (store/desk.c, store_report_history_list) reads
-- the saves and imports of one report ('report:40'), which without this index scans the whole
-- log, and the log grows with every save of every report.
CREATE INDEX audit_log_object ON audit_log(object, action);
