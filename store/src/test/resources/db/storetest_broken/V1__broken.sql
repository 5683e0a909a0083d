CREATE TABLE storetest_broken_ok (x BIGINT);
CREATE TABLE storetest_broken_ok (x BIGINT);
