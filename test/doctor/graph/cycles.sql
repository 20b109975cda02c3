-- Cycles of every kind, for fkdoctor graph: each says how it can (or cannot) be loaded.

-- Two tables, one FK DEFERRABLE: defer it.
CREATE TABLE dept (id int PRIMARY KEY, manager_id int NOT NULL);
CREATE TABLE emp (id int PRIMARY KEY, dept_id int NOT NULL REFERENCES dept);
ALTER TABLE dept ADD CONSTRAINT dept_manager_fkey
  FOREIGN KEY (manager_id) REFERENCES emp DEFERRABLE;

-- Two tables, one FK nullable: load NULL, then UPDATE.
CREATE TABLE author (id int PRIMARY KEY, best_book_id int);
CREATE TABLE book (id int PRIMARY KEY, author_id int NOT NULL REFERENCES author);
ALTER TABLE author ADD CONSTRAINT author_best_book_fkey
  FOREIGN KEY (best_book_id) REFERENCES book;

-- Two tables, NOT NULL and not deferrable both ways: no order loads them.
CREATE TABLE hen (id int PRIMARY KEY, egg_id int NOT NULL);
CREATE TABLE egg (id int PRIMARY KEY, hen_id int NOT NULL REFERENCES hen);
ALTER TABLE hen ADD CONSTRAINT hen_egg_fkey FOREIGN KEY (egg_id) REFERENCES egg;

-- Self-references: nullable (roots have NULL), and NOT NULL (roots reference themselves).
CREATE TABLE category (id int PRIMARY KEY, parent_id int REFERENCES category);
CREATE TABLE node (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES node);
