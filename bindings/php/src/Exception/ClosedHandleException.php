<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * A call on an engine or calendar after its `close()`; the library is not
 * called (status NULL_ARGUMENT, kind `closed`).
 */
class ClosedHandleException extends TthcException
{
}
