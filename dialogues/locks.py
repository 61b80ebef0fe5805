"""Exclusive writes: what must be single (the current item, a speaker's turn, a poll's state, a
revision's base) is read and changed under a lock taken before it is read.

On PostgreSQL that is a row lock, ``SELECT … FOR UPDATE`` on the row that guards it. SQLite ignores
``FOR UPDATE``, and pysqlite runs a transaction's reads outside it until its first write, so two
writers could both read the same state and both change it. There the lock is SQLite's write lock,
taken with ``BEGIN IMMEDIATE`` (which waits for the current writer, up to the connection's timeout);
what the transaction reads afterwards is the latest committed state, and no other writer changes it
before the commit. A transaction that has written already holds that lock.
"""
from sqlalchemy import select

from .extensions import db


def hold(model, row_id: int) -> None:
    """Until this transaction ends, no other writer changes ``model``'s row ``row_id`` (on SQLite:
    anything); the loser of a race then reads the winner's state and refuses with Conflict."""
    if db.session.get_bind().dialect.name == "sqlite":
        connection = db.session.connection()
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    db.session.execute(select(model.id).where(model.id == row_id).with_for_update())
