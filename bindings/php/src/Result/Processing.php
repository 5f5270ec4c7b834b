<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * The processing time: the statutory one, the cuts of policies, and the
 * effective time counted. Null when no source gives one for this case and
 * channel; `unknown` then says why (unknown is not zero).
 */
final readonly class Processing
{
    /** @param list<ProcessingCut> $cuts */
    public function __construct(public ?StatutoryTime $statutory, public array $cuts, public ?Period $effective, public ?string $unknown)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        $statutory = $r->optObj('statutory');
        $effective = $r->optObj('effective');
        return new self(
            $statutory === null ? null : StatutoryTime::read($statutory),
            $r->list('cuts', ProcessingCut::read(...)),
            $effective === null ? null : Period::read($effective),
            $r->optStr('unknown'),
        );
    }
}
