<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * What the applicant pays, in whole đồng. Unknown is not zero: when no
 * source gives a fee for this case and channel, `base` and `payable` are
 * null and `unknown` says why (the known items are still listed); 0 means
 * a source says the procedure is free.
 */
final readonly class Fee
{
    /**
     * @param list<FeeItem> $items
     * @param list<FeeReduction> $reductions
     */
    public function __construct(
        /** catalogue, or case (the case supplied its fee items). */
        public string $source,
        public array $items,
        public ?int $base,
        public array $reductions,
        public ?int $payable,
        public ?string $unknown,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('source'), $r->list('items', FeeItem::read(...)), $r->optInt('base'), $r->list('reductions', FeeReduction::read(...)), $r->optInt('payable'), $r->optStr('unknown'));
    }
}
