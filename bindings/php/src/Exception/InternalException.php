<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * A bug in libtthc (a Rust panic, status PANIC) reported instead of crashing
 * the worker, or a handle poisoned by one (POISONED: close it and create
 * another); also an answer the binding cannot read.
 */
class InternalException extends TthcException
{
}
