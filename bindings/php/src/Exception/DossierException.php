<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * A dossier's events that cannot be tracked (`invalid-event`, `no-events`,
 * `as-of-before-events`, `invalid-dossier`).
 */
class DossierException extends DeadlineException
{
}
