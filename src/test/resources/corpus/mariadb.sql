-- The MariaDB fidelity corpus: what real databases hold, loaded by the mariadb client into a fresh
-- database under a hostile name (the current database: no name appears here). Every object is compared,
-- object by object and row by row, after an archive and a restore (FidelityCorpusTest, DatabaseComparison).
SET NAMES utf8mb4;
SET SESSION time_zone = '+00:00';

-- text of every width, 4-byte characters included
CREATE TABLE texts (
  id INT PRIMARY KEY,
  t4 VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  t3 TEXT CHARACTER SET utf8mb3,
  latin VARCHAR(20) CHARACTER SET latin1,
  long_text LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  FULLTEXT KEY ft (t4)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='4-byte characters: 😀';
INSERT INTO texts VALUES
  (1, 'emoji 😀 𝄞 🇫🇷 and CJK 中文', 'BMP only: é ü ß', 'café', REPEAT('long 😀 ', 5000)),
  (2, 'quotes '' " ` \\ and ; -- not a comment', NULL, NULL, ''),
  (3, CONCAT('tab\there', CHAR(10), 'newline', CHAR(13), 'cr'), '', 'x', NULL);

-- binary data: every byte value
CREATE TABLE blobs (
  id INT PRIMARY KEY,
  b16 BINARY(16),
  vb VARBINARY(300),
  tb TINYBLOB,
  bl BLOB,
  lb LONGBLOB
) ENGINE=InnoDB;
INSERT INTO blobs SELECT 1, UNHEX('00FF00FF0102030405060708090A0B0C'),
  (SELECT GROUP_CONCAT(CHAR(seq) SEPARATOR '') FROM seq_0_to_255), UNHEX('00'), UNHEX(REPEAT('DEADBEEF00', 1000)),
  RANDOM_BYTES(1024);
INSERT INTO blobs VALUES (2, NULL, '', '', NULL, UNHEX(''));

-- numbers: DECIMAL(65,30) at full precision, BIT, floats, unsigned limits
CREATE TABLE numbers (
  id INT PRIMARY KEY AUTO_INCREMENT,
  d DECIMAL(65,30),
  b1 BIT(1),
  b64 BIT(64),
  f FLOAT,
  dbl DOUBLE,
  u BIGINT UNSIGNED,
  tiny TINYINT ZEROFILL,
  yr YEAR
) ENGINE=InnoDB AUTO_INCREMENT=100;
INSERT INTO numbers (d, b1, b64, f, dbl, u, tiny, yr) VALUES
  (99999999999999999999999999999999999.999999999999999999999999999999, b'1', b'1111111111111111111111111111111111111111111111111111111111111111',
   3.40282e38, 1.7976931348623157e308, 18446744073709551615, 7, 2155),
  (-0.000000000000000000000000000001, b'0', b'0', -1.17549e-38, 2.2250738585072014e-308, 0, 0, 1901),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- ENUM, SET, JSON, spatial
CREATE TABLE shapes (
  id INT PRIMARY KEY,
  kind ENUM('point', 'it''s a line', 'polygon') NOT NULL,
  flags SET('red', 'green', 'blue') DEFAULT 'red,blue',
  doc JSON CHECK (JSON_VALID(doc)),
  g GEOMETRY,
  p POINT NOT NULL,
  poly POLYGON,
  SPATIAL KEY sp (p)
) ENGINE=InnoDB;
INSERT INTO shapes VALUES
  (1, 'point', 'red,green,blue', '{"a": [1, 2.5, "x\\u00e9"], "b": null, "big": 12345678901234567890}',
   ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)'), POINT(1.5, -2.25), ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))')),
  (2, 'it''s a line', '', '[]', NULL, POINT(0, 0), NULL),
  (3, 'polygon', NULL, NULL, ST_GeomFromText('MULTIPOINT(1 1, 2 2)'), POINT(-180, 90), NULL);

-- zero dates under a permissive sql_mode, and TIMESTAMP written from several session time zones
SET SESSION sql_mode = '';
CREATE TABLE times (
  id INT PRIMARY KEY,
  d DATE NOT NULL DEFAULT '0000-00-00',
  dt DATETIME(6) NOT NULL DEFAULT '0000-00-00 00:00:00',
  ts TIMESTAMP(3) NULL DEFAULT NULL,
  t TIME(6),
  written_in VARCHAR(10)
) ENGINE=InnoDB;
INSERT INTO times VALUES (1, '0000-00-00', '0000-00-00 00:00:00', NULL, '-838:59:59', 'zero'),
  (2, '2020-00-15', '2020-02-00 10:00:00', NULL, '00:00:00.000001', 'part zero');
SET SESSION time_zone = '+05:30';
INSERT INTO times VALUES (3, '2024-02-29', '2024-02-29 23:59:59.999999', '2024-03-31 01:30:00.123', '12:00', '+05:30');
SET SESSION time_zone = '-08:00';
INSERT INTO times VALUES (4, '1000-01-01', '9999-12-31 23:59:59.999999', '2024-03-31 01:30:00.123', '-00:00:01', '-08:00');
SET SESSION time_zone = '+00:00';
INSERT INTO times VALUES (5, '1970-01-01', '1970-01-01 00:00:01', '1970-01-01 00:00:01', NULL, '+00:00');
SET SESSION sql_mode = DEFAULT;

-- virtual, stored and invisible columns
CREATE TABLE computed (
  id INT PRIMARY KEY,
  price DECIMAL(10,2) NOT NULL,
  qty INT NOT NULL,
  total DECIMAL(12,2) AS (price * qty) VIRTUAL,
  total_stored DECIMAL(12,2) AS (price * qty) STORED,
  secret VARCHAR(20) INVISIBLE DEFAULT 'hidden',
  KEY total_stored (total_stored)
) ENGINE=InnoDB;
INSERT INTO computed (id, price, qty, secret) VALUES (1, 9.99, 3, 'shh'), (2, 0.01, 1000000, DEFAULT);

-- a system-versioned table with history (timestamp-based)
CREATE TABLE accounts (
  id INT PRIMARY KEY,
  owner VARCHAR(40),
  balance DECIMAL(12,2)
) ENGINE=InnoDB WITH SYSTEM VERSIONING;
INSERT INTO accounts SELECT seq, CONCAT('owner ', seq), seq * 10 FROM seq_1_to_30;
UPDATE accounts SET balance = balance + 1.25;
UPDATE accounts SET balance = balance + 1.25 WHERE id % 2 = 0;
DELETE FROM accounts WHERE id > 25;

-- a sequence moved on
CREATE SEQUENCE invoice_no START WITH 1000 INCREMENT BY 7 MINVALUE 1000 MAXVALUE 999999 CACHE 5 CYCLE;
SELECT NEXTVAL(invoice_no), NEXTVAL(invoice_no), NEXTVAL(invoice_no);

-- MyISAM, an empty table, a foreign key
CREATE TABLE legacy_log (id INT PRIMARY KEY AUTO_INCREMENT, msg VARCHAR(200), at DATETIME) ENGINE=MyISAM;
INSERT INTO legacy_log (msg, at) VALUES ('first', '2001-01-01 00:00:00'), ('second ✓', NULL);
CREATE TABLE empty_table (id INT PRIMARY KEY, note TEXT) ENGINE=InnoDB;
CREATE TABLE ledger_lines (
  id INT PRIMARY KEY,
  account_id INT NOT NULL,
  amount DECIMAL(12,2) NOT NULL CHECK (amount <> 0),
  CONSTRAINT ledger_lines_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB;
INSERT INTO ledger_lines VALUES (1, 1, 5.00), (2, 2, -3.50);

-- views, functions, procedures, triggers, events
CREATE VIEW rich_accounts AS SELECT id, owner, balance FROM accounts WHERE balance > 100;
CREATE SQL SECURITY INVOKER VIEW `odd "view"` AS SELECT id, kind FROM shapes WHERE id % 2 = 1 WITH CHECK OPTION;

DELIMITER ;;
CREATE FUNCTION with_tax(amount DECIMAL(12,2)) RETURNS DECIMAL(12,2) DETERMINISTIC
  COMMENT 'adds 20 %'
  RETURN amount * 1.2;;
CREATE PROCEDURE move_money(IN from_id INT, IN to_id INT, IN amount DECIMAL(12,2))
  MODIFIES SQL DATA
BEGIN
  UPDATE accounts SET balance = balance - amount WHERE id = from_id;
  UPDATE accounts SET balance = balance + amount WHERE id = to_id;
END;;
CREATE TRIGGER lines_check BEFORE INSERT ON ledger_lines FOR EACH ROW
BEGIN
  IF NEW.amount > 1000000 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'too much';
  END IF;
END;;
CREATE TRIGGER lines_log AFTER INSERT ON ledger_lines FOR EACH ROW
  INSERT INTO legacy_log (msg, at) VALUES (CONCAT('line ', NEW.id), NOW());;
DELIMITER ;
SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES';
CREATE EVENT purge_log ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE
  COMMENT 'it''s kept' DO DELETE FROM legacy_log WHERE at < NOW() - INTERVAL 30 DAY;
SET SESSION sql_mode = DEFAULT;
